extension CommandLineTool {
    /// Every subcommand, in the order `priceprop --help` lists them. Each lives in its own file
    /// (`RunCommand.swift`, `ValidateCommand.swift`, ...); add it here to make it reachable.
    static var commands: [any Command.Type] {
        [RunCommand.self, PlotCommand.self, SolveCommand.self, RaceCommand.self, SensitivityCommand.self, SweepCommand.self, HultenCommand.self, ShockCurveCommand.self,
         GraphCommand.self, GenerateCommand.self, ImportIOCommand.self, ValidateCommand.self, ListCommand.self, MechanismsCommand.self]
    }
}
