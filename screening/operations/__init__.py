"""Running the product safely: the start-up guards, the operator's health check, backups."""
