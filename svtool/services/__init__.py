"""Use cases: what a person can do with svtool, callable from the GUI, the command line and tests. No Qt."""
