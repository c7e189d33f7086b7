"""HTML views of the organisations app, one module per entity."""
