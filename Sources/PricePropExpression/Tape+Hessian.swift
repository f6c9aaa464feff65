import Foundation

extension Tape {
    /// The value, the gradient and the exact Hessian with respect to the inputs, by forward-over-reverse
    /// differentiation.
    ///
    /// For each input direction `eⱼ` the forward sweep carries tangents `ṡ = ∂slot/∂xⱼ` beside the values and
    /// the reverse sweep carries the tangents of the adjoints, `(∂f/∂slot)˙`; at the inputs these are column `j`
    /// of the Hessian, `∂²f/∂xᵢ∂xⱼ`. Each rule of the reverse sweep is differentiated by the product rule, e.g.
    /// for `c = a / b`: `ā += c̄ / b` gives `ā˙ += c̄˙ / b − c̄ · ḃ / b²`.
    ///
    /// The result is exact up to rounding (no step size). Where the function or a derivative is undefined the
    /// entries are whatever IEEE arithmetic gives (infinite or NaN); callers check finiteness.
    /// - Returns: `hessian` row-major, `inputs.count²` entries, symmetric up to rounding.
    /// - Complexity: O(inputs · instructions); allocates its scratch, so for solvers and tests, not the tick loop.
    public func valueGradientAndHessian(at inputs: [Double], parameters: [Double] = [])
        -> (value: Double, gradient: [Double], hessian: [Double]) {
        precondition(inputs.count == self.inputs.count && parameters.count == self.parameters.count)
        let n = inputs.count, count = slotCount, base = resultBase
        var v = [Double](repeating: 0, count: count), adj = v, dv = v, dadj = v
        var gradient = [Double](repeating: 0, count: n)
        var hessian = [Double](repeating: 0, count: n * n)
        let value = inputs.withUnsafeBufferPointer { x in
            parameters.withUnsafeBufferPointer { p in
                v.withUnsafeMutableBufferPointer { v in
                    forward(inputs: x.baseAddress ?? .dummy, parameters: p.baseAddress ?? .dummy,
                            values: v.baseAddress ?? .dummyMutable)
                }
            }
        }
        adj.withUnsafeMutableBufferPointer { adj in
            v.withUnsafeMutableBufferPointer { v in
                code.kernel.reverse(values: v.baseAddress ?? .dummyMutable, adjoints: adj.baseAddress ?? .dummyMutable, inputsOnly: true)
            }
        }
        for i in 0..<n { gradient[i] = adj[i] }
        for j in 0..<n {
            for s in 0..<count { dv[s] = 0; dadj[s] = 0 }
            dv[j] = 1
            tangentForward(values: v, tangents: &dv, base: base)
            tangentReverse(values: v, tangents: dv, adjoints: adj, adjointTangents: &dadj, base: base)
            for i in 0..<n { hessian[i * n + j] = dadj[i] }
        }
        return (value, gradient, hessian)
    }

    /// Forward tangents `ṡ` of every instruction result, given the input tangents already in `dv`.
    private func tangentForward(values v: [Double], tangents dv: inout [Double], base: Int) {
        for (k, op) in instructions.enumerated() {
            let l = Int(op.lhs), r = Int(op.rhs)
            let a = v[l], b = v[r], c = v[base + k], da = dv[l], db = dv[r]
            let dc: Double
            switch op.opcode {
            case .add: dc = da + db
            case .subtract: dc = da - db
            case .multiply: dc = da * b + a * db
            case .divide: dc = (da - c * db) / b
            case .negate: dc = -da
            case .power, .powerLiteral:
                var t = 0.0
                if da != 0 { t += da * Self.powerDerivative(a, b) }
                if db != 0 { t += db * (a > 0 ? c * Foundation.log(a) : 0) }
                dc = t
            case .sqrt: dc = da * 0.5 / c
            case .exp: dc = da * c
            case .log: dc = da / a
            case .log1p: dc = da / (1 + a)
            }
            dv[base + k] = dc
        }
    }

    /// Reverse sweep of the adjoints' tangents: the product rule applied to each rule of ``reverse(values:adjoints:inputsOnly:)``.
    private func tangentReverse(values v: [Double], tangents dv: [Double], adjoints adj: [Double],
                                adjointTangents dadj: inout [Double], base: Int) {
        dadj[Int(resultSlot)] = 0
        var k = instructions.count - 1
        while k >= 0 {
            let op = instructions[k]
            let g = adj[base + k], dg = dadj[base + k]
            let l = Int(op.lhs), r = Int(op.rhs)
            let a = v[l], b = v[r], c = v[base + k], da = dv[l], db = dv[r], dc = dv[base + k]
            let carryL = op.lhsActive, carryR = op.rhsActive
            if g != 0 || dg != 0 {
                switch op.opcode {
                case .add:
                    if carryL { dadj[l] += dg }
                    if carryR { dadj[r] += dg }
                case .subtract:
                    if carryL { dadj[l] += dg }
                    if carryR { dadj[r] -= dg }
                case .multiply:
                    if carryL { dadj[l] += dg * b + g * db }
                    if carryR { dadj[r] += dg * a + g * da }
                case .divide:
                    // ā += g / b;  b̄ −= g · c / b
                    if carryL { dadj[l] += dg / b - g * db / (b * b) }
                    if carryR { dadj[r] -= dg * c / b + g * dc / b - g * c * db / (b * b) }
                case .negate:
                    dadj[l] -= dg
                case .power, .powerLiteral:
                    if carryL {
                        // ā += g · y·x^(y−1)
                        let first = Self.powerDerivative(a, b)
                        var dFirst = 0.0
                        if da != 0 { dFirst += da * Self.powerSecondDerivative(a, b) }
                        if db != 0, a > 0 { dFirst += db * (Foundation.pow(a, b - 1) * (1 + b * Foundation.log(a))) }
                        dadj[l] += dg * first + g * dFirst
                    }
                    if carryR && op.opcode == .power {
                        // ȳ += g · c · ln x
                        if a > 0 {
                            let logA = Foundation.log(a)
                            dadj[r] += dg * c * logA + g * (dc * logA + c * da / a)
                        }
                    }
                case .sqrt:
                    dadj[l] += dg * 0.5 / c - g * 0.5 * dc / (c * c)
                case .exp:
                    dadj[l] += dg * c + g * dc
                case .log:
                    dadj[l] += dg / a - g * da / (a * a)
                case .log1p:
                    let u = 1 + a
                    dadj[l] += dg / u - g * da / (u * u)
                }
            }
            k -= 1
        }
    }

    /// `d/dx x^y = y·x^(y−1)`, exactly 1 for `y = 1` and finite at `x = 0` for `y ≥ 1`.
    @inline(__always)
    static func powerDerivative(_ x: Double, _ y: Double) -> Double {
        y == 1 ? 1 : y == 0 ? 0 : y * Foundation.pow(x, y - 1)
    }

    /// `d²/dx² x^y = y·(y−1)·x^(y−2)`, exactly 0 for `y ∈ {0, 1}` and `2` for `y = 2`.
    @inline(__always)
    static func powerSecondDerivative(_ x: Double, _ y: Double) -> Double {
        y == 1 || y == 0 ? 0 : y == 2 ? 2 : y * (y - 1) * Foundation.pow(x, y - 2)
    }
}
