"""The matcher's links and the project group's match decisions, shaped for «Sammenkobling»."""
