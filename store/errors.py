"""The one exception every layer raises for bad user input.

Its message is Chinese and tells the user what to fix; the CLI turns it into
exit status 2 with {"error": message}, the page into a warning.
"""


class UserError(Exception):
    """Bad input from the user. `str(err)` is the Chinese message shown to them."""

    def __init__(self, message: str, **details):
        super().__init__(message)
        self.message = message
        self.details = details


class NotBuiltYet(UserError):
    """A command of the contract whose capability is not built yet."""

    def __init__(self, what: str):
        super().__init__(f"尚未实现：{what}。")
