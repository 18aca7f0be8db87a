"""Rolling a plan's costs up every way finance asks, and writing them out."""
