"""fzcheck: check 法治政府建设年度报告 against the elements the rules require, with evidence, score and grade."""

__version__ = "0.1.0"
