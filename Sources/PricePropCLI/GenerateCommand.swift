import PriceProp

/// `priceprop generate layered|random-dag|cyclic`: write a synthetic supply network as a scenario file.
struct GenerateCommand: Command {
    static let configuration = CommandConfiguration(
        name: "generate",
        abstract: "Write a generated supply network of any size as a scenario file.",
        discussion: """
            layered: goods in layers 0...L; layer 0 goods are primary, layer L goods final (price 1); each \
            firm makes a good of layer l from K distinct goods of layer l-1 with Cobb-Douglas technology \
            (exponents summing below 1). Needs --layers, --goods, --firms-per-good and --inputs.
            random-dag: --goods goods in a random acyclic network of --firms firms, each with --min-inputs to \
            --max-inputs inputs, a --ces-share of them CES and the rest Cobb-Douglas.
            cyclic: --goods industries in a ring, each making one good from labour, its own output and             --inputs - 1 industries' goods (the next one's and others among the 32 after it) with Cobb-Douglas technology,             and one final good (price 1) per 100 industries: a network full of cycles, as in an input-output table.
            Every good is used and every produced good has a maker. Productivities, exponents and endowments \
            come from --seed: the same arguments always write the same bytes. The file is written as it is \
            generated (a million firms take about 100 MB), atomically when -o names a file.
            """,
        options: [
            .option("layers", value: "L", help: "layered: producing layers."),
            .option("goods", value: "G", help: "layered: goods per layer; random-dag: goods in all; cyclic: industries."),
            .option("firms-per-good", value: "N", help: "layered: firms making each produced good."),
            .option("inputs", value: "K", help: "layered: inputs of each firm; cyclic: industries each industry buys from."),
            .option("firms", value: "n", help: "random-dag: firms."),
            .option("min-inputs", value: "k", help: "random-dag: fewest inputs of a firm.", default: "1"),
            .option("max-inputs", value: "k", help: "random-dag: most inputs of a firm.", default: "3"),
            .option("ces-share", value: "s", help: "random-dag: fraction of firms with CES technology.", default: "0.5"),
            .option("seed", value: "S", help: "Seed of the random draws.", default: "\(NetworkGenerator.defaultSeed)"),
            .option("output", short: "o", value: "path", help: "Write the scenario to this file ('-' for standard output).", default: "-"),
        ],
        positionals: [PositionalSpec("network", help: "layered, random-dag or cyclic.")],
        examples: ["generate layered --layers 4 --goods 250 --firms-per-good 100 --inputs 3 -o net.json",
                   "generate random-dag --goods 1000 --firms 20000 --max-inputs 4 --seed 7",
                   "generate cyclic --goods 10000 --inputs 4 -o cyclic.json"])

    /// The network kinds, as named on the command line.
    static let networks = ["layered", "random-dag", "cyclic"]
    static let layeredOptions = ["layers", "firms-per-good", "inputs"]
    static let randomDAGOptions = ["firms", "min-inputs", "max-inputs", "ces-share"]

    enum Network: Equatable {
        case layered(NetworkGenerator.Layered)
        case randomDAG(NetworkGenerator.RandomDAG)
        case cyclic(NetworkGenerator.Cyclic)
    }

    var network: Network
    var output: String

    init(parsing arguments: ParsedArguments) throws(UsageError) {
        let name = Self.configuration.name
        let kind = arguments.positional("network") ?? ""
        guard Self.networks.contains(kind) else {
            let suggestion = didYouMean(kind, among: Self.networks)
            throw UsageError(.other("unknown network '\(kind)'; expected one of \(Self.networks.joined(separator: ", "))\(suggestion)"),
                             command: name)
        }
        let foreign = kind == "layered" ? Self.randomDAGOptions
            : kind == "cyclic" ? Self.randomDAGOptions + ["layers", "firms-per-good"] : Self.layeredOptions
        if let wrong = foreign.first(where: arguments.isGiven) {
            throw UsageError(.other("'--\(wrong)' does not apply to \(kind) networks"), command: name)
        }
        func required(_ option: String, atLeast minimum: Int) throws(UsageError) -> Int {
            guard arguments.isGiven(option) else {
                throw UsageError(.other("\(kind) networks need '--\(option)'"), command: name)
            }
            return try arguments.int(option, default: minimum, in: minimum...Int(Int32.max))
        }
        let seed = UInt64(try arguments.int("seed", default: Int(NetworkGenerator.defaultSeed), in: 0...Int.max))
        if kind == "layered" {
            network = .layered(.init(
                layers: try required("layers", atLeast: 1), goodsPerLayer: try required("goods", atLeast: 1),
                firmsPerGood: try required("firms-per-good", atLeast: 1), inputs: try required("inputs", atLeast: 1),
                seed: seed))
        } else if kind == "cyclic" {
            network = .cyclic(.init(industries: try required("goods", atLeast: 2), inputs: try required("inputs", atLeast: 2),
                                    seed: seed))
        } else {
            let minInputs = try arguments.int("min-inputs", default: 1, in: 1...1000)
            network = .randomDAG(.init(
                goods: try required("goods", atLeast: 2), firms: try required("firms", atLeast: 1),
                minInputs: minInputs, maxInputs: try arguments.int("max-inputs", default: max(3, minInputs), in: minInputs...1000),
                cesShare: try arguments.double("ces-share", default: 0.5, in: 0...1), seed: seed))
        }
        output = try arguments.path("output") ?? "-"
    }

    func run(io: inout CommandIO) -> Int32 {
        if AtomicFile.isStandardOutput(output) {
            // A failed standard output (full device, closed pipe) ends generation at once; the entry point
            // then reports it and exits 4.
            let standard = io.out as? FileDescriptorStream
            do { try generate(to: &io.out, while: { standard?.failure == nil }) } catch {
                io.error(error.description)
                return ExitCode.usage
            }
            return ExitCode.success
        }
        let file: AtomicFile.Stream
        do { file = try AtomicFile.Stream(path: output) } catch {
            io.error(error.description)
            return ExitCode.fileIO
        }
        var sink = StreamSink(file: file)
        do { try generate(to: &sink, while: { [sink] in sink.failure == nil }) } catch {
            file.discard()
            io.error(error.description)
            return ExitCode.usage
        }
        do throws(FileError) {
            if let failure = sink.failure { throw failure }
            try file.commit()
        } catch {
            file.discard()
            io.error(error.description)
            return ExitCode.fileIO
        }
        return ExitCode.success
    }

    private func generate(to out: inout some TextOutputStream,
                          while keepGoing: @escaping () -> Bool) throws(NetworkGenerator.ShapeError) {
        switch network {
        case let .layered(shape): try NetworkGenerator.writeLayered(shape, to: &out, while: keepGoing)
        case let .randomDAG(shape): try NetworkGenerator.writeRandomDAG(shape, to: &out, while: keepGoing)
        case let .cyclic(shape): try NetworkGenerator.writeCyclic(shape, to: &out, while: keepGoing)
        }
    }

    /// Text into an atomic file stream; the first write failure is kept and later writes are dropped.
    private final class StreamSink: TextOutputStream {
        let file: AtomicFile.Stream
        var failure: FileError?

        init(file: AtomicFile.Stream) { self.file = file }

        func write(_ string: String) {
            guard failure == nil else { return }
            do { try file.write(string) } catch { failure = error }
        }
    }
}
