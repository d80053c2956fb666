"""Review: the files a forge needs (CODEOWNERS, CI), a new repository or item to start
from, and sending items to the review desk without knowing git."""
