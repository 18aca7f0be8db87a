// Read a JSON array of Mermaid texts on stdin; print, for each, what Mermaid's own parser
// reads in it: the sections and tasks of a gantt as its chart shows them, or the error.
// Used by tests/test_mermaid.py.
import { JSDOM } from "jsdom";

// Mermaid sanitises with DOMPurify, which needs a DOM even to parse.
const dom = new JSDOM("<!doctype html><html><body></body></html>");
globalThis.window = dom.window;
globalThis.document = dom.window.document;
const { default: mermaid } = await import("mermaid");

// Mermaid turns `#NUMBER;` into a placeholder before parsing and back into an HTML character
// reference in the SVG it writes: the chart shows that character.
const shown = (text) =>
  text
    .replace(/\uFB02\xB0\xB0(\d+)\xB6\xDF/g, (_, code) => String.fromCodePoint(Number(code)))
    .replace(/\uFB02\xB0(\w+)\xB6\xDF/g, "&$1;")
    .trim();
const day = (time) => new Date(time).toISOString().slice(0, 10);

let input = "";
for await (const chunk of process.stdin) input += chunk;
const results = [];
for (const text of JSON.parse(input)) {
  try {
    await mermaid.parse(text); // registers the diagrams, and throws on a syntax error
    const diagram = await mermaid.mermaidAPI.getDiagramFromText(text);
    results.push({
      type: diagram.type,
      tasks: diagram.db.getTasks().map((task) => ({
        section: shown(task.section),
        name: shown(task.task),
        start: day(task.startTime),
        // With inclusiveEndDates, the bar ends at the start of the day after the last one.
        end: day(task.endTime - 24 * 3600 * 1000),
      })),
    });
  } catch (error) {
    results.push({ error: String(error.message).split("\n")[0] });
  }
}
process.stdout.write(JSON.stringify(results));
