"""Date and number formats per language where Django's defaults do not suit the agency."""
