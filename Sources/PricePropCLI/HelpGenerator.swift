/// Builds help and usage text from command configurations, in the layout of swift-argument-parser.
///
/// ```
/// OVERVIEW: Simulate a scenario until prices settle.
///
/// USAGE: priceprop run <scenario> [--max-ticks <n>] [--vary <spec> ...] [--verbose]
///
/// ARGUMENTS:
///   <scenario>              The scenario file.
///
/// OPTIONS:
///   --max-ticks <n>         Stop after this many ticks. (default: 100000)
///   -h, --help              Show help information.
/// ```
///
/// Help text is wrapped at 80 columns; labels wider than the label column push their help to the next line.
enum HelpGenerator {
    static let width = 80
    static let labelColumn = 26

    /// The one-line synopsis; options collapse to `[<options>]` when the full form is too long.
    static func usage(_ configuration: CommandConfiguration) -> String {
        let prefix = "\(CommandLineTool.name) \(configuration.name)"
        let positionals = configuration.positionals.map { spec -> String in
            var text = "<\(spec.name)>"
            if spec.isRepeating { text += " ..." }
            return spec.isRequired ? text : "[\(text)]"
        }
        let options = configuration.options.map { spec -> String in
            var text = spec.longName
            if case let .value(valueName) = spec.kind { text += " <\(valueName)>" }
            if spec.isRepeatable, spec.takesValue { text += " ..." }
            return "[\(text)]"
        }
        let full = ([prefix] + positionals + options).joined(separator: " ")
        if full.count + "USAGE: ".count <= width || configuration.options.isEmpty { return full }
        return ([prefix] + positionals + ["[<options>]"]).joined(separator: " ")
    }

    /// `priceprop help NAME`.
    static func help(_ configuration: CommandConfiguration) -> String {
        var text = wrap("OVERVIEW: \(configuration.abstract)", indent: 0) + "\n"
        if !configuration.discussion.isEmpty {
            text += "\n" + configuration.discussion.split(separator: "\n", omittingEmptySubsequences: false)
                .map { wrap(String($0), indent: 0) }.joined(separator: "\n") + "\n"
        }
        text += "\nUSAGE: \(usage(configuration))\n"
        if !configuration.positionals.isEmpty {
            text += "\nARGUMENTS:\n"
            for spec in configuration.positionals {
                text += entry("<\(spec.name)>" + (spec.isRepeating ? " ..." : ""), spec.help)
            }
        }
        text += "\nOPTIONS:\n"
        for spec in configuration.allOptions {
            var label = spec.short.map { "-\($0), " } ?? ""
            label += spec.longName
            if case let .value(valueName) = spec.kind { label += " <\(valueName)>" }
            var help = spec.help
            if spec.isRepeatable, spec.takesValue { help += " (may be repeated)" }
            if let defaultDescription = spec.defaultDescription { help += " (default: \(defaultDescription))" }
            text += entry(label, help)
        }
        text += exitStatuses
        if !configuration.examples.isEmpty {
            text += "\nEXAMPLES:\n"
            for example in configuration.examples { text += "  \(CommandLineTool.name) \(example)\n" }
        }
        return text
    }

    /// `priceprop --help`: the tool overview and its commands.
    static func toolHelp(_ commands: [any Command.Type]) -> String {
        var text = wrap("OVERVIEW: \(CommandLineTool.abstract)", indent: 0) + "\n\n"
        text += "USAGE: \(CommandLineTool.name) <command> [<options>]\n"
        if !commands.isEmpty {
            text += "\nCOMMANDS:\n"
            for command in commands { text += entry(command.configuration.name, command.configuration.abstract) }
            text += "\n  See '\(CommandLineTool.name) help <command>' for detailed help.\n"
        }
        text += "\nOPTIONS:\n"
        text += entry("--version", "Show the version.")
        text += entry("-h, --help", "Show help information.")
        text += exitStatuses
        return text
    }

    /// The same for every command: which statuses a command can end with depends on what it does, but a
    /// status always means the same thing.
    static var exitStatuses: String {
        "\nEXIT STATUS:\n"
            + entry("0", "Success; for a run, converged with prices matching their backprop derivatives.")
            + entry("1", "Ran, but did not converge, diverged, or did not match.")
            + entry("2", "Usage error: wrong options or arguments; nothing ran.")
            + entry("3", "Invalid scenario file.")
            + entry("4", "A file could not be read or written.")
            + entry("130, 143", "Interrupted (SIGINT, SIGTERM); what was recorded is still written.")
    }

    /// `  label                   help`, wrapped.
    static func entry(_ label: String, _ help: String) -> String {
        let indent = String(repeating: " ", count: labelColumn)
        let head = "  " + label
        let body = wrap(help, indent: labelColumn)
        let firstLine = body.dropFirst(labelColumn)
        if head.count + 2 <= labelColumn {
            return head + String(repeating: " ", count: labelColumn - head.count) + firstLine + "\n"
        }
        return head + "\n" + indent + firstLine + "\n"
    }

    /// Words of `text` filled to ``width`` columns, every line (including the first) indented by `indent`.
    static func wrap(_ text: String, indent: Int) -> String {
        let pad = String(repeating: " ", count: indent)
        var lines: [String] = []
        var line = pad
        for word in text.split(separator: " ") {
            if line.count > indent, line.count + 1 + word.count > width {
                lines.append(line)
                line = pad
            }
            line += (line.count > indent ? " " : "") + word
        }
        lines.append(line)
        return lines.joined(separator: "\n")
    }
}
