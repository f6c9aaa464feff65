import Foundation
import Testing
import PriceProp
@testable import PricePropAnalysis
import PricePropTestSupport

/// `import-io`'s calibration: at prices 1 every firm's first-order conditions hold at exactly the table's flows,
/// every market clears at them, and the household buys exactly the table's final demand.
@Suite struct InputOutputCalibrationTests {
    static let data = Paths.root + "/data/bea"

    static func beaTable(_ n: Int) throws -> FlowTable {
        let use = try CSVReader.read(String(contentsOfFile: data + "/use_\(n).csv", encoding: .utf8))
        let make = try CSVReader.read(String(contentsOfFile: data + "/make_\(n).csv", encoding: .utf8))
        return try FlowTable.bea(use: use, useFile: "use_\(n).csv", make: make, makeFile: "make_\(n).csv")
    }

    /// A two-industry table by hand: steel sells 10 to itself, 20 to cars and 70 to final users; cars 5 to
    /// steel, 0 to itself, 195 to final users; value added 85 and 180.
    static let square = """
        Name,steel,cars
        steel,10,20
        cars,5,0
        value added,85,180
        final demand,70,195
        """

    /// Checks every firm and the household of `scenario` at prices 1 and the table's quantities.
    func expectCalibrated(_ scenario: Scenario, _ table: FlowTable, _ calibration: InputOutputCalibration) throws {
        let n = table.industries.count, goods = calibration.goodNames
        #expect(scenario.goods.count == 2 * n)
        #expect(scenario.expandingHouseholds().goods.count == 2 * n + 1)
        for j in 0..<n {
            // The goods a firm buys, at the table's quantities: flows from industries, its own value added.
            let firm = scenario.firms[j]
            let expression = try Expression(parsing: firm.production)
            let inputs = expression.identifiers.filter { $0 != "A" }
            let tape = try Tape(compiling: expression, inputs: inputs, parameters: ["A"])
            let quantities = inputs.map { name in
                if let i = goods.firstIndex(of: name) { return table.flows[i][j] }
                return table.valueAdded[j]
            }
            let (output, gradient) = tape.valueAndGradient(at: quantities, parameters: [calibration.productivity(j)])
            expectClose(output, table.output(j), relative: 1e-9, "\(firm.name): output")
            // First-order conditions at prices 1: each input's marginal product is its price, 1.
            for (k, name) in inputs.enumerated() { expectClose(gradient[k], 1, relative: 1e-9, "\(firm.name): \(name)") }
            #expect(inputs.count == table.flows.indices.filter { table.flows[$0][j] > 0 }.count + 1)
            // Its market clears: sales to industries plus final demand are its output.
            expectClose(table.flows[j].reduce(0, +) + table.finalDemand[j], table.output(j), relative: 1e-9, "\(firm.name): row")
            #expect(scenario.goods[n + j].endowment == table.valueAdded[j])
        }
        let household = try #require(scenario.households.first)
        let utility = try Expression(parsing: household.utility)
        let consumed = utility.identifiers.filter { $0 != "B" }
        let tape = try Tape(compiling: utility, inputs: consumed, parameters: ["B"])
        let demand = consumed.map { table.finalDemand[goods.firstIndex(of: $0) ?? 0] }
        let (_, marginal) = tape.valueAndGradient(at: demand, parameters: [table.gdp])
        #expect(consumed.count == n)
        for (k, name) in consumed.enumerated() { expectClose(marginal[k], 1, relative: 1e-9, "household: \(name)") }
        expectClose(table.gdp, table.valueAdded.reduce(0, +), relative: 1e-12, "GDP: final demand equals value added")
    }

    @Test func aSquareTableIsReproducedAtPricesOne() throws {
        let table = try FlowTable.square(CSVReader.read(Self.square), file: "square.csv")
        #expect(table.industries == ["steel", "cars"])
        #expect(table.output(0) == 100 && table.output(1) == 200)
        for technology in [InputOutputCalibration.Technology.cobbDouglas, .ces(elasticity: 0.5), .ces(elasticity: 2)] {
            let calibration = InputOutputCalibration(table: table, technology: technology)
            try expectCalibrated(calibration.scenario(name: "square", description: ""), table, calibration)
        }
        // Cobb-Douglas by hand: cars = A steel^0.1 va^0.9 with 200 = A 20^0.1 180^0.9.
        let cars = InputOutputCalibration(table: table).productivity(1)
        expectClose(cars, 200 / (pow(20, 0.1) * pow(180, 0.9)), relative: 1e-12)
    }

    @Test(arguments: [15, 71])
    func theBEATablesAreReproducedAtPricesOne(industries n: Int) throws {
        let table = try Self.beaTable(n)
        #expect(table.industries.count == n)
        for technology in [InputOutputCalibration.Technology.cobbDouglas, .ces(elasticity: 0.8)] {
            let calibration = InputOutputCalibration(table: table, technology: technology)
            try expectCalibrated(calibration.scenario(name: "us", description: ""), table, calibration)
        }
        // Output is the table's own total industry output.
        let use = try CSVReader.read(String(contentsOfFile: Self.data + "/use_\(n).csv", encoding: .utf8))
        let total = try #require(use.rows.first { $0.first?.hasPrefix("Total industry output") == true })
        for j in 0..<n { expectClose(table.output(j), Double(total[j + 1]) ?? .nan, relative: 1e-12, "\(table.industries[j])") }
    }

    /// The shipped scenarios are what `import-io` makes of the shipped tables, byte for byte.
    @Test(arguments: [15, 71])
    func theShippedScenariosAreTheImportOfTheShippedTables(industries n: Int) throws {
        let scenario = try InputOutputCalibration.importing(
            use: String(contentsOfFile: Self.data + "/use_\(n).csv", encoding: .utf8), useFile: "data/bea/use_\(n).csv",
            make: String(contentsOfFile: Self.data + "/make_\(n).csv", encoding: .utf8), makeFile: "data/bea/make_\(n).csv",
            technology: .cobbDouglas, name: "us-2021-\(n)")
        var text = ""
        ScenarioWriter().write(scenario, to: &text)
        let shipped = try String(contentsOfFile: Paths.root + "/scenarios/us-2021-\(n).json", encoding: .utf8)
        #expect(text == shipped, "regenerate: priceprop import-io data/bea/use_\(n).csv --make data/bea/make_\(n).csv --name us-2021-\(n) -o scenarios/us-2021-\(n).json")
    }

    /// The market, started from its defaults, finds the base year: every price 1, every flow the table's.
    @Test func theUSMarketConvergesToAllOnesPrices() throws {
        let scenario = try Scenario.load(contentsOf: Paths.root + "/scenarios/us-2021-15.json")
        var run = try Run(scenario: scenario, options: Run.Options(scenario: scenario))
        let report = run.execute()
        #expect(report.outcome == .converged)
        let simulation = run.simulation, table = try Self.beaTable(15)
        for (g, row) in report.comparison.goods.enumerated() {
            expectClose(row.price, 1, relative: 1e-8, "\(row.name)")
            expectClose(row.gradient, 1, relative: 1e-8, "\(row.name): dW/dgood")
            if g < 15 { expectClose(simulation.supply(g), table.output(g), relative: 1e-7, "\(row.name): output") }
        }
    }

    @Test func badTablesAreRefusedWithTheirPlace() throws {
        func refusal(_ text: String) throws -> String? {
            do { _ = try FlowTable.square(CSVReader.read(text), file: "t.csv") } catch let error as InputOutputError { return error.description }
            return nil
        }
        #expect(try refusal(Self.square.replacingOccurrences(of: "final demand,70", with: "final demand,71"))
                == "t.csv: industry 'steel': sales plus final demand 101 differ from output 100 (inputs plus value added); the table must balance")
        #expect(try refusal(Self.square.replacingOccurrences(of: "cars,5,0", with: "cars,-5,0"))
                == "t.csv: row 'cars', column 'steel': expected a number ≥ 0, found -5")
        #expect(try refusal(Self.square.replacingOccurrences(of: "cars,5,0", with: "cars,x,0"))
                == "t.csv: row 'cars', column 'steel': expected a number or '---', found 'x'")
        #expect(try refusal(Self.square.replacingOccurrences(of: "value added,85,180\n", with: ""))
                == "t.csv: expected a row named 'value added'")
    }
}
