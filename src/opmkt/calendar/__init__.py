"""The plan's dates as an iCalendar file."""
