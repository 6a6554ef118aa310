"""Date and time formats per language (FORMAT_MODULE_PATH in the settings)."""
