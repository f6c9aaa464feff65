import PriceProp

extension CommandIO {
    /// Prints a report: its JSON when `asJSON`, else its summary line, a blank line and its table.
    mutating func printReport(asJSON: Bool, json: @autoclosure () -> JSONOutput, summary: String, table: TextTable) {
        if asJSON {
            print(JSONWriter().string(json()))
            return
        }
        print(summary)
        print("")
        var text = ""
        table.write(to: &text)
        out.write(text)
    }

    /// Writes what `render` makes to `path` (`-` for standard output) when a path is given; a failure sets
    /// `status` to its exit status.
    mutating func writeOutput(to path: String?, status: inout Int32, _ render: (inout String) -> Void) {
        guard let path else { return }
        var text = ""
        render(&text)
        if let failed = write(text, toPath: path) { status = failed }
    }
}
