"""The JSON Schema of policy files, shipped as package data."""
