"""«Genberegn bruttolisten»: the run in a child process and the panel that follows it."""
