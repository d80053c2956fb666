"""The bulletin site: compose (audience filter), render (pages, feeds), MkDocs glue."""
