"""Words and how they are shown: the language's words, locale formatting, Markdown, terminal."""
