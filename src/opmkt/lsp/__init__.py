"""`opmkt lsp`: a language server that checks plans and actuals files as they are typed."""
