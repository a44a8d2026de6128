"""Security checks (DF5xx): users, secrets, downloads."""
