import PricePropEconomy

/// The columns of a run's time series, typed: the tick, then for each good its fields, then `V`.
///
/// The recorder owns the schema of the rows it records; the CSV writer takes the header and the formatting
/// of each cell from it, and the plot finds the columns it draws in it. Column names such as `gas.price`
/// are only spelled out for a CSV header (``names``) and read back once, by ``init(csvHeader:)``.
public struct TimeSeriesSchema: Sendable, Equatable {
    /// What a per-good column holds.
    public enum Field: String, Sendable, CaseIterable {
        /// The market price (a fixed-price good: its fixed price).
        case price
        case supply
        case demand
        /// The backprop derivative `dV/dgood`.
        case gradient
        /// The relative price-vs-gradient error.
        case error
        /// The KKT status, recorded as its ``Comparison/Status/code`` and written by name.
        case status
    }

    /// A good of the series and whether its price is fixed (a fixed price is its own derivative, so a plot
    /// leaves it out).
    public struct Good: Sendable, Equatable {
        public var name: String
        public var isFixedPrice: Bool

        public init(name: String, isFixedPrice: Bool) {
            self.name = name
            self.isFixedPrice = isFixedPrice
        }
    }

    /// One column.
    public enum Column: Sendable, Hashable {
        case tick
        /// Field `field` of good ``goods``[`good`].
        case good(Int, Field)
        /// The net value traded at fixed prices.
        case value
        /// A column the series does not know (read from a CSV header); its name as written.
        case other(String)
    }

    public var goods: [Good]
    /// The columns in row order.
    public let columns: [Column]
    private let index: [Column: Int]

    /// The schema of a column list; the first column of each kind counts.
    public init(goods: [Good], columns: [Column]) {
        self.goods = goods
        self.columns = columns
        var index: [Column: Int] = [:]
        for (i, column) in columns.enumerated() where index[column] == nil { index[column] = i }
        self.index = index
    }

    /// The schema a run records: `tick`, then per good every ``Field`` in declared order, then `value`.
    public init(goods: [Good]) {
        let perGood = goods.indices.flatMap { g in Field.allCases.map { Column.good(g, $0) } }
        self.init(goods: goods, columns: [.tick] + perGood + [.value])
    }

    /// The schema of an economy's run, with each good's role.
    public init(economy: Economy) {
        self.init(goods: economy.goods.map { good in
            if case .fixedPrice = good.role { return Good(name: good.name, isFixedPrice: true) }
            return Good(name: good.name, isFixedPrice: false)
        })
    }

    /// The row index of `column`, if the series has it.
    public func index(of column: Column) -> Int? {
        index[column]
    }

    /// The header names: `tick`, `<good>.<field>`, `value`, or an unknown column's own name.
    public var names: [String] { columns.map(name(of:)) }

    /// The header name of `column`.
    public func name(of column: Column) -> String {
        switch column {
        case .tick: return "tick"
        case .value: return "value"
        case let .good(g, field): return "\(goods[g].name).\(field.rawValue)"
        case let .other(name): return name
        }
    }
}
