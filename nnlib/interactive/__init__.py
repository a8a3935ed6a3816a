"""Widget callbacks: one module per chapter. Each function takes slider values and returns what it drew."""
