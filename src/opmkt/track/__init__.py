"""Recording results in an actuals file, by hand or from exports."""
