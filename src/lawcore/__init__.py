"""lawcore: the law, rulebooks, decisions, workflow, draws, identifiers and calendar — pure Python."""
