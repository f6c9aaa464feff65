@testable import PricePropCLI

/// Runs the real `priceprop` command set in-process and returns its status and what it printed.
func priceprop(_ arguments: String...) -> (status: Int32, out: String, err: String) {
    priceprop(arguments)
}

/// Runs the real `priceprop` command set in-process with `arguments` and returns its status and what it printed.
func priceprop(_ arguments: [String]) -> (status: Int32, out: String, err: String) {
    let out = TextBuffer(), err = TextBuffer()
    var io = CommandIO(out: out, err: err)
    let status = CommandLineTool.main(arguments: arguments, io: &io)
    return (status, out.text, err.text)
}
