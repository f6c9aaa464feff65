import PricePropExpression
import PricePropScenario

/// One varied path of a sweep: `count` evenly spaced values from `lower` to `upper`, both included.
///
/// Written `path=lower:upper:count`, e.g. `goods.natgas.endowment=1:10:19` (1, 1.5, …, 10). With `count`
/// 1 the only value is `lower`. `upper` may be below `lower` to sweep downwards.
public struct SweepAxis: Sendable, Hashable, CustomStringConvertible {
    public var path: ParameterPath
    public var lower: Double
    public var upper: Double
    public var count: Int

    public init(path: ParameterPath, lower: Double, upper: Double, count: Int) {
        self.path = path
        self.lower = lower
        self.upper = upper
        self.count = count
    }

    /// Value `i` of `0..<count`: `lower + (upper − lower) · i / (count − 1)`, and exactly `upper` for the last.
    public func value(at i: Int) -> Double {
        guard count > 1 else { return lower }
        if i == count - 1 { return upper }
        return lower + (upper - lower) * Double(i) / Double(count - 1)
    }

    /// All values, in order.
    public var values: [Double] { (0..<count).map(value(at:)) }

    public var description: String { "\(path)=\(lower):\(upper):\(count)" }
}

/// Which of a sweep's points one process runs: shard `index` of `count` (1-based, as GNU parallel's `{%}`
/// slots and Slurm's array task ids can be) runs the points `p` with `p % count == index − 1`.
public struct Shard: Sendable, Hashable, CustomStringConvertible {
    public var index: Int
    public var count: Int

    /// - Precondition: `1 <= index <= count`; ``init(parsing:)`` checks it for user input.
    public init(index: Int, count: Int) {
        precondition(count >= 1 && (1...count).contains(index), "shard \(index)/\(count) out of range")
        self.index = index
        self.count = count
    }

    public func contains(point: Int) -> Bool { point % count == index - 1 }

    public var description: String { "\(index)/\(count)" }
}

/// Why a `--vary` or `--shard` value could not be read.
public enum SweepSpecError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Not `path=lower:upper:count`.
    case malformedAxis(String)
    /// The path part names nothing settable.
    case path(ParameterPathError)
    /// A bound is not a finite number.
    case invalidBound(axis: String, bound: String)
    /// The count is not a whole number of at least 1.
    case invalidCount(axis: String, count: String)
    /// The same path is varied twice.
    case repeatedPath(String)
    /// Not `i/n` with `1 <= i <= n`.
    case malformedShard(String)
    /// The axes' counts multiply to more points than a sweep runs (`nil` when the product overflows).
    case tooManyPoints(points: Int?, limit: Int)
    /// The result table would hold more numbers than a sweep keeps in memory.
    case tableTooLarge(cells: Int?, limit: Int)

    public var description: String {
        switch self {
        case let .malformedAxis(text):
            return "'\(text)' is not a sweep axis; write path=lower:upper:count, e.g. goods.natgas.endowment=1:10:19"
        case let .path(error): return error.description
        case let .invalidBound(axis, bound): return "'\(axis)': bound '\(bound)' is not a finite decimal number"
        case let .invalidCount(axis, count): return "'\(axis)': count '\(count)' is not a whole number of at least 1"
        case let .repeatedPath(path): return "'\(path)' is varied twice"
        case let .malformedShard(text): return "'\(text)' is not a shard; write i/n with 1 <= i <= n, e.g. 3/8"
        case let .tooManyPoints(points, limit):
            return "the grid has \(points.map { "\($0)" } ?? "more than 9.2e18") points; a sweep runs at most \(limit) (split it with --shard or use fewer values)"
        case let .tableTooLarge(cells, limit):
            return "the table would hold \(cells.map { "\($0)" } ?? "more than 9.2e18") numbers; a sweep keeps at most \(limit) (use fewer points)"
        }
    }
}

extension SweepAxis {
    /// Reads `path=lower:upper:count`, checking the path against `scenario`.
    /// - Throws: ``SweepSpecError``.
    public init(parsing text: String, in scenario: Scenario) throws(SweepSpecError) {
        guard let equals = text.lastIndex(of: "=") else { throw .malformedAxis(text) }
        let pathText = String(text[..<equals])
        let parts = text[text.index(after: equals)...].split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 3 else { throw .malformedAxis(text) }
        let path: ParameterPath
        do { path = try ParameterPath(parsing: pathText, in: scenario) } catch { throw .path(error) }
        guard let lower = try? DecimalText.double(String(parts[0])) else { throw .invalidBound(axis: text, bound: String(parts[0])) }
        guard let upper = try? DecimalText.double(String(parts[1])) else { throw .invalidBound(axis: text, bound: String(parts[1])) }
        guard let count = try? DecimalText.integer(String(parts[2])), count >= 1 else {
            throw .invalidCount(axis: text, count: String(parts[2]))
        }
        self.init(path: path, lower: lower, upper: upper, count: count)
    }

    /// Points a sweep runs at most: 10 million, about a day of small runs on one core.
    public static let maximumPoints = 10_000_000
    /// Numbers a sweep's table holds at most: 100 million, 800 MB.
    public static let maximumCells = 100_000_000

    /// Reads several axes, refusing a path varied twice and grids beyond ``maximumPoints`` points or
    /// ``maximumCells`` numbers in the table (products checked for overflow).
    public static func parsing(_ texts: [String], in scenario: Scenario) throws(SweepSpecError) -> [SweepAxis] {
        var axes: [SweepAxis] = []
        var points: Int? = 1
        for text in texts {
            let axis = try SweepAxis(parsing: text, in: scenario)
            guard !axes.contains(where: { $0.path == axis.path }) else { throw .repeatedPath(axis.path.description) }
            axes.append(axis)
            points = points.flatMap { product($0, axis.count) }
        }
        guard let points, points <= maximumPoints else { throw .tooManyPoints(points: points, limit: maximumPoints) }
        let columns = SweepTable.columns(axes: axes.map(\.path), goods: scenario.goods.map(\.name)).count
        guard let cells = product(points, columns), cells <= maximumCells else {
            throw .tableTooLarge(cells: product(points, columns), limit: maximumCells)
        }
        return axes
    }

    /// `a · b`, `nil` on overflow.
    private static func product(_ a: Int, _ b: Int) -> Int? {
        let (value, overflow) = a.multipliedReportingOverflow(by: b)
        return overflow ? nil : value
    }
}

extension Shard {
    /// Reads `i/n`.
    /// - Throws: ``SweepSpecError/malformedShard(_:)``.
    public init(parsing text: String) throws(SweepSpecError) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let index = Int(parts[0]), let count = Int(parts[1]), count >= 1,
              (1...count).contains(index) else { throw .malformedShard(text) }
        self.init(index: index, count: count)
    }
}
