import PricePropScenario
import PricePropOutput
import PricePropBasics

extension InputOutputCalibration {
    /// Reads a use table (BEA layout when its header has a `Total Intermediate` or `T001` column, else a plain
    /// square flow table) and an optional supply table, and calibrates it; `name` names the scenario.
    public static func importing(
        use: String, useFile: String, make: String?, makeFile: String, technology: Technology, name: String
    ) throws(InputOutputError) -> Scenario {
        let useTable = try read(use, file: useFile)
        let table: FlowTable
        if useTable.header.contains(where: { $0 == "Total Intermediate" || $0 == "T001" }) {
            table = try FlowTable.bea(use: useTable, useFile: useFile, make: try make.map { text throws(InputOutputError) in
                try read(text, file: makeFile)
            }, makeFile: makeFile)
        } else {
            guard make == nil else {
                throw InputOutputError(file: makeFile, "a supply table goes with a BEA use table; \(useFile) is a square flow table")
            }
            table = try FlowTable.square(useTable, file: useFile)
        }
        let technologyText: String
        switch technology {
        case .cobbDouglas: technologyText = "Cobb-Douglas"
        case let .ces(elasticity): technologyText = "CES (elasticity \(NumberText.significant(elasticity, digits: 10)))"
        }
        let description = "Calibrated from the input-output table \(useFile.split(separator: "/").last.map(String.init) ?? useFile): "
            + "\(table.industries.count) industries with \(technologyText) technologies from their cost shares, each industry's "
            + "value added a primary good, and one household with log Cobb-Douglas weights the final-demand shares. "
            + "At the base year every price is 1 and every flow is the table's (docs/input-output.md)."
        return InputOutputCalibration(table: table, technology: technology).scenario(name: name, description: description)
    }

    private static func read(_ text: String, file: String) throws(InputOutputError) -> CSVTable {
        do { return try CSVReader.read(text) } catch { throw InputOutputError(file: file, "line \(error.line): \(error.message)") }
    }
}
