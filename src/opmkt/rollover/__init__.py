"""Next year's plan from this year's plan, its results and its review."""
