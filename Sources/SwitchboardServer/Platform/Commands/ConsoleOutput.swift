import SwitchboardCore
import Vapor

extension Console {
    /// Prints a line of the commands' output. Everything a command prints can hold text from
    /// the database (subjects, names, notes): control characters are shown, not obeyed.
    func say(_ text: String) {
        output(TerminalText.escaped(text).consoleText())
    }
}
