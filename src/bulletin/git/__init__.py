"""Git, read-only: what a branch changed since a base, and when each file arrived."""
