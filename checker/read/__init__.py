"""Reading a report: load a file of any format, normalise its text, segment it into a `Document`.

Nothing here knows about rules beyond the document conventions a rule set supplies.
"""
