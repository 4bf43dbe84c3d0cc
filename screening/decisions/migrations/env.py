"""Alembic environment: always run from :func:`screening.decisions.store.open_store`, which hands
over the connection (there is no alembic.ini; the URL comes from the product's settings)."""

from __future__ import annotations

from alembic import context

from screening.decisions.schema import metadata

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
