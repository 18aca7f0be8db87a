#!/usr/bin/env bash
# The steps of opmkt's GitHub Action (action.yml at the repository root).
#
#   install  puts opmkt, at the action's own version, in a virtual environment of its own
#            (the locked requirements, hashes checked), and outputs the command's path;
#   check    validates the plans (annotations in the log), writes the job summary (findings,
#            budget, and on a pull request the plan's diff against the base branch), and the
#            SARIF file and HTML reports asked for; exits with validate's status.
#
# Inputs come as INPUT_* variables, never spliced into the script's text; results go to
# GITHUB_OUTPUT and GITHUB_STEP_SUMMARY, as GitHub sets them.

# Backquotes in the summary's messages are Markdown code, not commands.
# shellcheck disable=SC2016
set -euo pipefail

ACTION_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# GitHub refuses a step summary over 1 MiB: sections past this are cut, with a note.
SUMMARY_LIMIT=$((1000 * 1024))

install() {
  local python="${PYTHON:-python3}" venv="${RUNNER_TEMP:?}/opmkt-action"
  "$python" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else
    "opmkt needs Python 3.11 or newer: add actions/setup-python before this action")'
  "$python" -m venv "$venv"
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-deps \
    --require-hashes -r "$ACTION_ROOT/requirements/runtime.txt"
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-deps \
    --no-build-isolation "$ACTION_ROOT"
  echo "opmkt=$venv/bin/opmkt" >>"${GITHUB_OUTPUT:?}"
}

# An actuals file names its plan on its top-level `plan:` line; a plan's `plan:` is a
# mapping. Budgets, diffs and reports are of plans only.
is_plan() {
  [[ -f "$1" ]] && ! grep -Eq '^plan:[[:space:]]*[^[:space:]#{&|>]' "$1"
}

# Append a file to the job summary, cut at a line when the summary would pass GitHub's limit.
summarize() {
  local file="$1" used room
  used=$(wc -c <"$GITHUB_STEP_SUMMARY")
  room=$((SUMMARY_LIMIT - used))
  if (($(wc -c <"$file") <= room)); then
    cat "$file" >>"$GITHUB_STEP_SUMMARY"
  elif ((room > 1024)); then
    head -c $((room - 512)) "$file" | sed '$d' >>"$GITHUB_STEP_SUMMARY"
    printf '\n_Cut here: GitHub keeps 1 MiB of summary per step. The log has every finding._\n' \
      >>"$GITHUB_STEP_SUMMARY"
  fi
}

check() {
  local opmkt="${OPMKT:-opmkt}" work code=0 file
  work="$(mktemp -d)"
  # Expanded now: the trap runs after this function's variables are gone.
  # shellcheck disable=SC2064
  trap "rm -rf -- $(printf %q "$work")" EXIT
  : "${GITHUB_STEP_SUMMARY:?}" "${GITHUB_OUTPUT:?}"

  # Split on blanks and expand patterns, as a shell would: the input is a list of paths.
  local -a files options=() plans=()
  # shellcheck disable=SC2206
  files=(${INPUT_PLANS:-plan.yaml})
  if [[ "${INPUT_STRICT:-false}" == true ]]; then options+=(--strict); fi
  local rule select="${INPUT_SELECT:-}" ignore="${INPUT_IGNORE:-}"
  for rule in ${select//,/ }; do options+=(--select "$rule"); done
  for rule in ${ignore//,/ }; do options+=(--ignore "$rule"); done
  for file in "${files[@]}"; do
    if is_plan "$file"; then plans+=("$file"); fi
  done

  "$opmkt" validate --format github "${options[@]}" "${files[@]}" || code=$?
  echo "exit-code=$code" >>"$GITHUB_OUTPUT"

  # The files that cannot be read were named on stderr by the run above.
  "$opmkt" validate --format markdown "${options[@]}" "${files[@]}" >"$work/findings.md" \
    2>/dev/null || true
  printf '## opmkt validate\n\n' >>"$GITHUB_STEP_SUMMARY"
  summarize "$work/findings.md"

  for file in "${plans[@]}"; do
    printf '\n' >>"$GITHUB_STEP_SUMMARY"
    if "$opmkt" budget "$file" --format markdown >"$work/budget.md" 2>"$work/budget.err"; then
      summarize "$work/budget.md"
    else
      printf '**Budget of `%s`**: not computed until the plan loads (see the findings).\n' \
        "$file" >>"$GITHUB_STEP_SUMMARY"
    fi
  done

  if [[ "${INPUT_DIFF:-true}" == true && -n "${GITHUB_BASE_REF:-}" &&
    "${GITHUB_EVENT_NAME:-}" == pull_request* ]]; then
    plan_diffs "$opmkt" "$work" "${plans[@]}"
  fi

  if [[ -n "${INPUT_SARIF:-}" ]]; then
    "$opmkt" validate --format sarif "${options[@]}" "${files[@]}" >"$work/opmkt.sarif" \
      2>/dev/null || true
    mkdir -p "$(dirname "$INPUT_SARIF")"
    mv -f "$work/opmkt.sarif" "$INPUT_SARIF"
    echo "sarif=$INPUT_SARIF" >>"$GITHUB_OUTPUT"
  fi

  if [[ "${INPUT_REPORT:-false}" == true ]]; then
    html_reports "$opmkt" "${plans[@]}"
  fi
  return "$code"
}

# What the pull request changes in each plan, against the base branch's version of it.
plan_diffs() {
  local opmkt="$1" work="$2" base="origin/$GITHUB_BASE_REF" file
  shift 2
  if ! git rev-parse --verify --quiet "$base^{commit}" >/dev/null; then
    # actions/checkout fetches one commit by default: fetch the base's tip too.
    git fetch --quiet --no-tags --depth=1 origin \
      "+refs/heads/$GITHUB_BASE_REF:refs/remotes/$base" 2>/dev/null || true
  fi
  for file in "$@"; do
    printf '\n' >>"$GITHUB_STEP_SUMMARY"
    if ! git rev-parse --verify --quiet "$base^{commit}" >/dev/null; then
      printf '**Changes to `%s`**: the base branch %s is not in the checkout (use actions/checkout with fetch-depth: 0).\n' \
        "$file" "$GITHUB_BASE_REF" >>"$GITHUB_STEP_SUMMARY"
    elif ! git cat-file -e "$base:./$file" 2>/dev/null; then
      printf '**Changes to `%s`**: a new plan, not on %s.\n' "$file" "$GITHUB_BASE_REF" \
        >>"$GITHUB_STEP_SUMMARY"
    elif "$opmkt" diff "$base:./$file" "$file" --format markdown >"$work/diff.md" \
      2>"$work/diff.err"; then
      summarize "$work/diff.md"
    else
      printf '**Changes to `%s`**: not shown until both versions load (%s).\n' "$file" \
        "$(head -n 1 "$work/diff.err")" >>"$GITHUB_STEP_SUMMARY"
    fi
  done
}

# Each plan's HTML report, in a folder of their own for the artifact, paths kept.
html_reports() {
  local opmkt="$1" folder="${RUNNER_TEMP:?}/opmkt-report" file target
  shift
  rm -rf "$folder"
  for file in "$@"; do
    target="$folder/${file#/}"
    mkdir -p "$(dirname "$target")"
    "$opmkt" report "$file" --format html -o "${target%.*}.html" || true
  done
  echo "reports=$folder" >>"$GITHUB_OUTPUT"
}

case "${1:-}" in
  install) install ;;
  check) check ;;
  *)
    echo "usage: $0 install|check" >&2
    exit 2
    ;;
esac
