"""The plan as a document a client or a bank reads."""
