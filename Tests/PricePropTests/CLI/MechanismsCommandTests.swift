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
        #expect(result.out == "clearing\ntatonnement\npredictive\n")
        #expect(result.err.isEmpty)
    }

    @Test func describesEach() {
        let lines = Self.run(["mechanisms", "--describe"]).out.split(separator: "\n")
        #expect(lines.count == 3)
        #expect(lines.allSatisfy { $0.contains("\t") })
        #expect(lines[0].hasPrefix("clearing\t"))
        #expect(lines[2].hasPrefix("predictive\t"))
    }

    @Test func rejectsArguments() {
        let result = Self.run(["mechanisms", "--descibe"])
        #expect(result.status == 2)
        #expect(result.err.contains("--describe"))
    }
}

@Suite struct SolveAndRaceCommandTests {
    @Test func solvePrintsPricesAndValue() {
        let result = MechanismsCommandTests.run(["solve", "tupperware"])
        #expect(result.status == 0)
        #expect(result.out.contains("solved in 0 Newton iterations"))
        #expect(result.out.contains("V = -0.4054651081"))
    }

    @Test func solveJSONHasTheRunShapePlusValue() throws {
        let result = MechanismsCommandTests.run(["solve", "diamond", "--json"])
        #expect(result.status == 0)
        for key in [#""converged": true"#, #""goods": ["#, #""price": "#, #""gradient": "#, #""value": 5.83611745597"#] {
            #expect(result.out.contains(key), "\(key)")
        }
    }

    @Test func raceJSONAndUnknownMechanism() {
        let result = MechanismsCommandTests.run(["race", "diamond", "--mechanism", "predictive", "--json"])
        #expect(result.status == 0)
        #expect(result.out.contains(#""0.999999": 53"#))
        #expect(result.out.contains(#""median": 0.44"#))
        let wrong = MechanismsCommandTests.run(["race", "diamond", "--mechanism", "predictve"])
        #expect(wrong.status == 2)
        #expect(wrong.err.contains("did you mean 'predictive'?"))
    }
}
