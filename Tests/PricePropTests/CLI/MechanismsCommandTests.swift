import Testing
@testable import PricePropCLI

@Suite struct MechanismsCommandTests {
    static func run(_ arguments: [String]) -> (status: Int32, out: String, err: String) {
        let out = TextBuffer(), err = TextBuffer()
        var io = CommandIO(out: out, err: err)
        let status = CommandLineTool.main(arguments: arguments, io: &io)
        return (status, out.text, err.text)
    }

    @Test func listsNamesDefaultFirst() {
        let result = Self.run(["mechanisms"])
        #expect(result.status == 0)
        #expect(result.out == "tatonnement\npredictive\n")
        #expect(result.err.isEmpty)
    }

    @Test func describesEach() {
        let lines = Self.run(["mechanisms", "--describe"]).out.split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines.allSatisfy { $0.contains("\t") })
        #expect(lines[1].hasPrefix("predictive\t"))
    }

    @Test func rejectsArguments() {
        let result = Self.run(["mechanisms", "--descibe"])
        #expect(result.status == 2)
        #expect(result.err.contains("--describe"))
    }
}
