"""The plan as data: its model, loading it with positions, money, budget lines, walking it."""
