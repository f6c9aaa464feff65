import Foundation
import Testing
import PriceProp
@testable import PricePropScenario
import PricePropTestSupport

/// `priceprop graph` and `priceprop run --report`, run in-process, and the DOT through Graphviz where it
/// is installed.
@Suite struct GraphCommandTests {
    @Test func graphWritesTheSeedPicture() throws {
        let directory = try Paths.temporaryDirectory()
        let path = directory + "/t.svg"
        let result = priceprop("graph", "tupperware", "-o", path)
        #expect(result.status == 0, "\(result.err)")
        #expect(result.out.isEmpty)
        let svg = try String(contentsOfFile: path, encoding: .utf8)
        let xml = XMLCheck(svg)
        #expect(xml.error == nil)
        for text in ["natgas", "ethylene", "polyethylene", "tupperware", "= 1/24", "= 1/6", "= 3/2", "price 1\n"] {
            #expect(xml.text.contains(text), "\(text) missing")
        }
    }

    @Test func atChoosesTheState() throws {
        let start = priceprop("graph", "tupperware", "--at", "start")
        #expect(start.status == 0)
        #expect(start.out.contains("tupperware at the start (tick 0)"))
        for result in [priceprop("graph", "tupperware", "--at", "tick", "7"), priceprop("graph", "tupperware", "--at", "tick:7")] {
            #expect(result.status == 0, "\(result.err)")
            #expect(result.out.contains("tupperware after 7 ticks"))
        }
        let bad = priceprop("graph", "tupperware", "--at", "soon")
        #expect(bad.status == 2)
        #expect(bad.err.contains("'soon'") && bad.err.contains("equilibrium, start, or tick N"))
        let missing = priceprop("graph", "tupperware", "--at", "tick")
        #expect(missing.status == 2)
        #expect(missing.err.contains("'--at tick' needs a tick count"))
        let stray = priceprop("graph", "tupperware", "12")
        #expect(stray.status == 2)
        let unreadable = priceprop("graph", "no-such-file.json")
        #expect(unreadable.status == 4)
        let unwritable = priceprop("graph", "tupperware", "-o", "/nonexistent-directory/t.svg")
        #expect(unwritable.status == 4)
    }

    @Test func aRunThatDoesNotConvergeStillDrawsItsLastState() throws {
        let directory = try Paths.temporaryDirectory()
        let scenario = directory + "/short.json", picture = directory + "/short.svg"
        try """
            {"name": "short", "simulation": {"maxTicks": 6},
             "goods": [{"name": "gas", "endowment": 4}, {"name": "plastic", "price": 1}],
             "firms": [{"name": "A", "output": "plastic", "production": "2 * sqrt(gas)"}]}
            """.write(toFile: scenario, atomically: true, encoding: .utf8)
        let result = priceprop("graph", scenario, "-o", picture)
        #expect(result.status == 1)
        #expect(result.err.contains("not converged after 6 ticks"))
        let xml = XMLCheck(try String(contentsOfFile: picture, encoding: .utf8))
        #expect(xml.error == nil)
        #expect(xml.text.contains("short after 6 ticks (not converged)"))
    }

    @Test func dotIsWellFormedAndGraphvizAcceptsIt() throws {
        let result = priceprop("graph", "diamond", "--dot")
        #expect(result.status == 0)
        let check = DOTCheck(result.out)
        #expect(check.error == nil, "\(check.error ?? "")")
        #expect(check.nodes.count == 7)
        #expect(check.edges.count == 8)
        let crude = try #require(check.nodes["good:crude"])
        let price = try #require(crude["price"].flatMap(Double.init)), gradient = try #require(crude["gradient"].flatMap(Double.init))
        expectClose(price, gradient, relative: 1e-8)
        #expect(crude["label"]?.hasPrefix("crude\n") == true)
        let uses = check.edges.filter { $0.from == "good:crude" }
        #expect(uses.count == 2)
        for use in uses { expectClose(try #require(use.attributes["marginal_value"].flatMap(Double.init)), price, relative: 1e-8) }

        guard let dot = Subprocess.onPath("dot") else {
            // Not silent: the run's output says Graphviz was not there to check.
            FileHandle.standardError.write(Data("note: Graphviz 'dot' is not on PATH; DOT checked by DOTCheck only\n".utf8))
            return
        }
        for name in ["tupperware", "diamond", "competitive"] {
            let text = priceprop("graph", name, "--dot").out
            let (status, svg, err) = try Subprocess.pipe(dot, ["-Tsvg"], input: text)
            #expect(status == 0, "dot rejected \(name): \(err)")
            #expect(err.isEmpty, "dot warned on \(name): \(err)")
            #expect(XMLCheck(svg).error == nil)
            #expect(svg.contains(name))
        }
    }

    @Test func runReportIsOneSelfContainedPage() throws {
        let directory = try Paths.temporaryDirectory()
        let path = directory + "/diamond.html"
        let result = priceprop("run", "diamond", "--report", path, "--quiet")
        #expect(result.status == 0, "\(result.err)")
        let html = try String(contentsOfFile: path, encoding: .utf8)
        let xml = XMLCheck(html)
        #expect(xml.error == nil, "\(xml.error ?? "")")
        #expect(xml.elements.filter { $0 == "svg" }.count == 2, "network and convergence figures")
        #expect(!xml.elements.contains("script"))
        #expect(!html.contains("src=") && !html.contains("href="), "no external assets")
        let scenario = try Scenario.decode(try #require(BundledScenarios.text(named: "diamond")))
        #expect(xml.text.contains(scenario.description))
        for good in ["crude", "fuel", "plastic", "widgets", "used by refinery", "used by chemicals", "used by widget-maker"] {
            #expect(xml.text.contains(good + "\n"), "\(good) missing from the table")
        }
        for heading in ["The network", "Convergence", "Market prices against backprop derivatives", "Settings", "clearing mechanism", "clearing"] {
            #expect(xml.text.contains(heading), "\(heading) missing")
        }
        #expect(xml.text.contains("diamond: converged after"))
    }

    @Test func reportToStandardOutputConflictsWithOtherStandardOutput() {
        let result = priceprop("run", "diamond", "--report", "-", "--json")
        #expect(result.status == 2)
        #expect(result.err.contains("--report -"))
    }

    @Test func helpListsTheGraphCommand() {
        let help = priceprop("help", "graph")
        #expect(help.status == 0)
        for text in ["--dot", "--at <state>", "--output <path>", "Exit status: 0 written", "EXAMPLES", "graph tupperware -o tupperware.svg"] {
            #expect(help.out.contains(text), "\(text) missing from help")
        }
        #expect(priceprop("--help").out.contains("graph"))
        #expect(priceprop("help", "run").out.contains("--report <path>"))
    }
}
