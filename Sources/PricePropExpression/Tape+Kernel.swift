import Foundation

/// A tape's instructions and constants in one flat, immutable allocation, for evaluation without reference
/// counting or bounds checks; shared by every copy of the ``Tape``.
package final class TapeCode: @unchecked Sendable {
    package let kernel: TapeKernel
    private let instructionStorage: UnsafeMutablePointer<Tape.Instruction>
    private let literalStorage: UnsafeMutablePointer<Double>
    private let indexStorage: UnsafeMutablePointer<Int32>
    private let exponentStorage: UnsafeMutablePointer<Double>

    init(inputCount: Int, parameterCount: Int, literals: [Double], instructions: [Tape.Instruction], resultSlot: Int32,
         productOfPowers: Tape.ProductOfPowers?) {
        instructionStorage = .allocate(capacity: max(1, instructions.count))
        instructionStorage.initialize(from: instructions, count: instructions.count)
        literalStorage = .allocate(capacity: max(1, literals.count))
        literalStorage.initialize(from: literals, count: literals.count)
        let literalBase = inputCount + parameterCount
        // A constant slot is a parameter (its index) or a literal (its value).
        func parameterIndex(_ slot: Int32) -> Int32 { Int(slot) < literalBase ? slot - Int32(inputCount) : -1 }
        func literalValue(_ slot: Int32) -> Double { Int(slot) < literalBase ? 0 : literals[Int(slot) - literalBase] }
        let factors = productOfPowers?.factors ?? []
        let parameterConstants = (productOfPowers?.constants ?? []).filter { parameterIndex($0) >= 0 }
        var coefficient = 1.0
        for slot in productOfPowers?.constants ?? [] where parameterIndex(slot) < 0 { coefficient *= literalValue(slot) }
        // Layout: [input of each factor | exponent parameter of each factor (−1: literal) | coefficient parameters].
        let n = factors.count
        indexStorage = .allocate(capacity: max(1, 2 * n + parameterConstants.count))
        exponentStorage = .allocate(capacity: max(1, n))
        for (i, factor) in factors.enumerated() {
            indexStorage[i] = factor.input
            let exponentParameter = factor.exponentSlot < 0 ? -1 : parameterIndex(factor.exponentSlot)
            indexStorage[n + i] = exponentParameter
            exponentStorage[i] = factor.exponentSlot < 0 ? 1 : literalValue(factor.exponentSlot)
        }
        for (j, slot) in parameterConstants.enumerated() { indexStorage[2 * n + j] = parameterIndex(slot) }
        // Factor i the power of input i with exponent parameter e + i, as `A * x^a * y^b * z^c` compiles.
        var exponentBase: Int32 = -1
        if let product = productOfPowers, product.distinctInputs, n > 0, n == inputCount {
            let exponentParameters = factors.indices.map { factors[$0].exponentSlot < 0 ? -1 : parameterIndex(factors[$0].exponentSlot) }
            let e = exponentParameters[0]
            if e >= 0, factors.indices.allSatisfy({ factors[$0].input == Int32($0) && exponentParameters[$0] == e + Int32($0) }) {
                exponentBase = e
            }
        }
        kernel = TapeKernel(
            code: instructionStorage, instructionCount: Int32(instructions.count),
            literals: literalStorage, literalCount: Int32(literals.count),
            inputCount: Int32(inputCount), parameterCount: Int32(parameterCount),
            resultBase: Int32(literalBase + literals.count), resultSlot: resultSlot,
            factorCount: Int32(productOfPowers == nil ? -1 : n), coefficient: coefficient,
            coefficientParameterCount: Int32(parameterConstants.count),
            distinctFactorInputs: productOfPowers?.distinctInputs ?? false, exponentBase: exponentBase,
            factorIndices: indexStorage, factorExponents: exponentStorage)
    }

    deinit {
        instructionStorage.deallocate()
        literalStorage.deallocate()
        indexStorage.deallocate()
        exponentStorage.deallocate()
    }
}

/// A view of a ``TapeCode`` made of plain values and pointers: copying it costs nothing, so the tick loop
/// keeps one per tape in a flat table. Valid while the tape that made it is alive.
package struct TapeKernel {
    let code: UnsafePointer<Tape.Instruction>
    let instructionCount: Int32
    let literals: UnsafePointer<Double>
    let literalCount: Int32
    let inputCount: Int32
    let parameterCount: Int32
    let resultBase: Int32
    let resultSlot: Int32
    /// Number of factors when the tape is a product of powers of inputs (see ``Tape/ProductOfPowers``), else −1.
    package let factorCount: Int32
    /// Product of the literal constant factors.
    let coefficient: Double
    let coefficientParameterCount: Int32
    package let distinctFactorInputs: Bool
    /// `e` when factor `i` is input `i` raised to parameter `e + i`, for every `i`, and every input a factor's
    /// (the usual layout of a Cobb-Douglas tape); −1 otherwise. The exponents are then read without indices.
    let exponentBase: Int32
    /// `[input of each factor | exponent parameter of each factor (−1: literal) | coefficient parameters]`.
    let factorIndices: UnsafePointer<Int32>
    /// Literal exponent of each factor (used where the exponent parameter is −1).
    let factorExponents: UnsafePointer<Double>

    init(code: UnsafeMutablePointer<Tape.Instruction>, instructionCount: Int32, literals: UnsafeMutablePointer<Double>,
         literalCount: Int32, inputCount: Int32, parameterCount: Int32, resultBase: Int32, resultSlot: Int32,
         factorCount: Int32, coefficient: Double, coefficientParameterCount: Int32, distinctFactorInputs: Bool,
         exponentBase: Int32, factorIndices: UnsafeMutablePointer<Int32>, factorExponents: UnsafeMutablePointer<Double>) {
        self.code = UnsafePointer(code)
        self.instructionCount = instructionCount
        self.literals = UnsafePointer(literals)
        self.literalCount = literalCount
        self.inputCount = inputCount
        self.parameterCount = parameterCount
        self.resultBase = resultBase
        self.resultSlot = resultSlot
        self.factorCount = factorCount
        self.coefficient = coefficient
        self.coefficientParameterCount = coefficientParameterCount
        self.distinctFactorInputs = distinctFactorInputs
        self.exponentBase = exponentBase
        self.factorIndices = UnsafePointer(factorIndices)
        self.factorExponents = UnsafePointer(factorExponents)
    }

    var slotCount: Int { Int(resultBase) + Int(instructionCount) }

    // MARK: - General sweep

    /// Forward sweep: every slot's value into `v`; returns the result.
    @inline(__always)
    func forward(inputs: UnsafePointer<Double>, parameters: UnsafePointer<Double>, values v: UnsafeMutablePointer<Double>) -> Double {
        let inputCount = Int(self.inputCount), parameterCount = Int(self.parameterCount)
        for i in 0..<inputCount { v[i] = inputs[i] }
        for i in 0..<parameterCount { v[inputCount + i] = parameters[i] }
        let literalBase = inputCount + parameterCount
        for i in 0..<Int(literalCount) { v[literalBase + i] = literals[i] }
        let base = Int(resultBase)
        for k in 0..<Int(instructionCount) {
            let op = code[k]
            let a = v[Int(op.lhs)], b = v[Int(op.rhs)]
            let r: Double
            switch op.opcode {
            case .add: r = a + b
            case .subtract: r = a - b
            case .multiply: r = a * b
            case .divide: r = a / b
            case .negate: r = -a
            case .power, .powerLiteral: r = Foundation.pow(a, b)
            case .sqrt: r = a.squareRoot()
            case .exp: r = Foundation.exp(a)
            case .log: r = Foundation.log(a)
            case .log1p: r = ElementaryFunctions.log1p(a)
            }
            v[base + k] = r
        }
        return v[Int(resultSlot)]
    }

    /// Reverse sweep: `adj[s] = ∂result/∂slot s`. With `inputsOnly`, adjoints are carried only along paths
    /// that reach an input, which skips the logarithm `pow` needs for its exponent when that is a parameter.
    @inline(__always)
    func reverse(values v: UnsafeMutablePointer<Double>, adjoints adj: UnsafeMutablePointer<Double>, inputsOnly: Bool) {
        for s in 0..<slotCount { adj[s] = 0 }
        adj[Int(resultSlot)] = 1
        let base = Int(resultBase)
        var k = Int(instructionCount) - 1
        while k >= 0 {
            let op = code[k]
            let g = adj[base + k]
            let l = Int(op.lhs), r = Int(op.rhs)
            let carryL = !inputsOnly || op.lhsActive, carryR = !inputsOnly || op.rhsActive
            if g != 0 {
                switch op.opcode {
                case .add:
                    if carryL { adj[l] += g }
                    if carryR { adj[r] += g }
                case .subtract:
                    if carryL { adj[l] += g }
                    if carryR { adj[r] -= g }
                case .multiply:
                    if carryL { adj[l] += g * v[r] }
                    if carryR { adj[r] += g * v[l] }
                case .divide:
                    let quotient = v[base + k]
                    if carryL { adj[l] += g / v[r] }
                    if carryR { adj[r] -= g * quotient / v[r] }
                case .negate:
                    adj[l] -= g
                case .power, .powerLiteral:
                    let x = v[l], y = v[r]
                    if carryL {
                        // y * x^(y-1), written so that x = 0 with y >= 1 stays finite.
                        adj[l] += g * (y == 1 ? 1 : y * Foundation.pow(x, y - 1))
                    }
                    if carryR && op.opcode == .power {
                        let p = v[base + k]
                        adj[r] += x > 0 ? g * p * Foundation.log(x) : 0
                    }
                case .sqrt:
                    adj[l] += g * 0.5 / v[base + k]
                case .exp:
                    adj[l] += g * v[base + k]
                case .log:
                    adj[l] += g / v[l]
                case .log1p:
                    adj[l] += g / (1 + v[l])
                }
            }
            k -= 1
        }
    }

    // MARK: - Value and gradient

    /// The value, and its input gradient written to `gradient`; `values` and `adjoints` hold `slotCount` slots.
    ///
    /// Products of powers take the logarithmic shortcut where it applies (see ``productOfPowers``); everything
    /// else, and every bundle the shortcut declines, runs the general forward and reverse sweeps.
    @inline(__always)
    package func valueAndGradient(inputs: UnsafePointer<Double>, parameters: UnsafePointer<Double>,
                          gradient: UnsafeMutablePointer<Double>,
                          values: UnsafeMutablePointer<Double>, adjoints: UnsafeMutablePointer<Double>) -> Double {
        if factorCount >= 0,
           let y = productOfPowers(inputs: inputs, parameters: parameters, gradient: gradient) {
            return y
        }
        return sweptValueAndGradient(inputs: inputs, parameters: parameters, gradient: gradient,
                                     values: values, adjoints: adjoints)
    }

    /// The value and input gradient by the general forward and reverse sweeps, whatever the tape's form.
    @inline(__always)
    package func sweptValueAndGradient(inputs: UnsafePointer<Double>, parameters: UnsafePointer<Double>,
                               gradient: UnsafeMutablePointer<Double>,
                               values: UnsafeMutablePointer<Double>, adjoints: UnsafeMutablePointer<Double>) -> Double {
        let result = forward(inputs: inputs, parameters: parameters, values: values)
        reverse(values: values, adjoints: adjoints, inputsOnly: true)
        for i in 0..<Int(inputCount) { gradient[i] = adjoints[i] }
        return result
    }

    /// The value only, by the same route as ``valueAndGradient(inputs:parameters:gradient:values:adjoints:)``
    /// so the two agree to the bit.
    @inline(__always)
    func value(inputs: UnsafePointer<Double>, parameters: UnsafePointer<Double>, values: UnsafeMutablePointer<Double>) -> Double {
        if factorCount >= 0, let y = productOfPowers(inputs: inputs, parameters: parameters, gradient: nil) {
            return y
        }
        return forward(inputs: inputs, parameters: parameters, values: values)
    }

    /// `y = c · exp(Σ aᵢ · ln xᵢ)` and `∂y/∂xᵢ = aᵢ · y / xᵢ`, for a tape that is a product of powers `c · Π xᵢ^aᵢ`.
    ///
    /// Exact in real arithmetic, and within a few units in the last place of the general sweep in floating
    /// point (one logarithm per input and one exponential instead of two `pow` per input). Applies only when
    /// every factor's input is positive and finite and the value is finite and nonzero; returns `nil` otherwise,
    /// and the caller runs the general sweep, so zeros, infinities and faults behave exactly as written.
    ///
    /// The same steps as ``logSum(logarithms:parameters:)`` followed by
    /// ``finishProductOfPowers(exponential:inputs:parameters:gradient:)``, which the tick loop runs on many
    /// firms at a time; both routes give the same bits.
    @inline(__always)
    func productOfPowers(inputs: UnsafePointer<Double>, parameters: UnsafePointer<Double>,
                         gradient: UnsafeMutablePointer<Double>?) -> Double? {
        var sum = 0.0
        for i in 0..<Int(factorCount) {
            let x = inputs[Int(factorIndices[i])]
            guard x > 0 && x < .infinity else { return nil }
            sum += exponent(i, parameters: parameters) * ElementaryFunctions.log(x)
        }
        return finishProductOfPowers(exponential: ElementaryFunctions.exp(sum), inputs: inputs, parameters: parameters,
                                     gradient: gradient)
    }

    /// `Σ aᵢ · ln xᵢ` of a product of powers, with `ln xᵢ` read from `logarithms` (one per input, in input
    /// order, as ``ElementaryFunctions/log(_:)`` gives them).
    ///
    /// Needs no test of the inputs: `ln x` is finite exactly when `x` is positive and finite, and otherwise
    /// (±∞ or NaN) makes the sum ±∞ or NaN, its exponential ∞, 0 or NaN, and so
    /// ``finishProductOfPowers(exponential:inputs:parameters:gradient:)`` declines, as
    /// ``productOfPowers(inputs:parameters:gradient:)`` does on seeing the input.
    @inline(__always)
    package func logSum(logarithms: UnsafePointer<Double>, parameters: UnsafePointer<Double>) -> Double {
        var sum = 0.0
        if exponentBase >= 0 {
            // The same products, summed in the same order, without the index tables.
            let exponents = parameters + Int(exponentBase)
            for i in 0..<Int(factorCount) { sum += exponents[i] * logarithms[i] }
            return sum
        }
        for i in 0..<Int(factorCount) {
            sum += exponent(i, parameters: parameters) * logarithms[Int(factorIndices[i])]
        }
        return sum
    }

    /// The value `c · exponential` and its gradient, given `exponential = exp(Σ aᵢ · ln xᵢ)`; `nil` where the
    /// value is not finite or is zero (the general sweep then decides).
    @inline(__always)
    package func finishProductOfPowers(exponential: Double, inputs: UnsafePointer<Double>, parameters: UnsafePointer<Double>,
                               gradient: UnsafeMutablePointer<Double>?) -> Double? {
        guard let y = productOfPowersValue(exponential: exponential, parameters: parameters) else { return nil }
        guard let gradient else { return y }
        if distinctFactorInputs {
            productOfPowersNumerators(value: y, parameters: parameters, numerators: gradient)
            for i in 0..<Int(inputCount) { gradient[i] = gradient[i] / inputs[i] }
        } else {
            for i in 0..<Int(inputCount) { gradient[i] = 0 }
            for i in 0..<Int(factorCount) {
                let input = Int(factorIndices[i])
                gradient[input] += exponent(i, parameters: parameters) * y / inputs[input]
            }
        }
        return y
    }

    /// `c · exponential` with the product's constant factors, or `nil` where that is not finite or is zero.
    @inline(__always)
    package func productOfPowersValue(exponential: Double, parameters: UnsafePointer<Double>) -> Double? {
        var y = exponential
        if coefficient != 1 { y *= coefficient }
        let coefficientParameters = factorIndices + 2 * Int(factorCount)
        for j in 0..<Int(coefficientParameterCount) { y *= parameters[Int(coefficientParameters[j])] }
        return y.isFinite && y != 0 ? y : nil
    }

    /// `aᵢ · y` into `numerators` at each factor's input: with ``distinctFactorInputs``, dividing each by its
    /// input gives the gradient, `∂y/∂xᵢ = (aᵢ · y) / xᵢ`, the same bits as
    /// ``finishProductOfPowers(exponential:inputs:parameters:gradient:)``. The tick loop divides many firms'
    /// numerators at once.
    @inline(__always)
    package func productOfPowersNumerators(value y: Double, parameters: UnsafePointer<Double>,
                                   numerators: UnsafeMutablePointer<Double>) {
        if exponentBase >= 0 {
            let exponents = parameters + Int(exponentBase)
            for i in 0..<Int(factorCount) { numerators[i] = exponents[i] * y }
            return
        }
        for i in 0..<Int(factorCount) {
            numerators[Int(factorIndices[i])] = exponent(i, parameters: parameters) * y
        }
    }

    /// Exponent of factor `i`: its parameter, or its literal.
    @inline(__always)
    func exponent(_ i: Int, parameters: UnsafePointer<Double>) -> Double {
        let p = factorIndices[Int(factorCount) + i]
        return p >= 0 ? parameters[Int(p)] : factorExponents[i]
    }
}
