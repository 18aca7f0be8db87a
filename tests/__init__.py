"""opmkt test suite."""
