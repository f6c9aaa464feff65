/*
 * The default PriceProp tick in plain C: the peer a C programmer would write, one firm at a time, glibc exp,
 * log and pow, built with `cc -O2` (no fast-math) by scripts/bench.sh.
 *
 *   c_reference DUMP [--ticks N] [--repeat R]
 *
 * DUMP is a scenario flattened by `python3 bench/networks.py dump SCENARIO.json -o DUMP` (format below).
 * It runs tick 0 and N ticks of the `clearing` market (ClearingTatonnement) with firms revising from what they
 * received (ProfitSeekingFirm.Revision.fromReceived), proportional rationing, level by level, exactly the
 * phases of Sources/PriceProp/Simulation/Simulation+Tick.swift, and prints the time of the N ticks,
 * its processor time, firm-ticks per second and the checksums that bench/networks.py compares with `priceprop run --csv`:
 * the sums over goods of prices, supplies and demands, and V, the net value traded at fixed prices.
 * With --repeat R it runs the N ticks R times from tick 0 and reports the median (the checksums are those of
 * the last repetition, which are the same each time).
 *
 * Technologies (one C function each; the Swift engine runs the first on its product-of-powers shortcut and
 * the others on its tape interpreter):
 *   cd    A * x1^a1 * ... * xK^aK                  log space: y = exp(sum ai ln xi) * A, dy/dxi = ai y / xi
 *   ces   A * (w1 x1^r + ... + wK xK^r)^(s / r)    pow
 *   sqrt  A * sqrt(w1 sqrt(x1) + ... + wK sqrt(xK))
 *   log   A * log(1 + w1 sqrt(x1) + ... + wK sqrt(xK))
 *   rat   A * u / (1 + c u),  u = w1 sqrt(x1) + ... + wK sqrt(xK)
 *
 * Dump format (text, whitespace separated; numbers as Python's repr, which round-trips):
 *   priceprop-dump 1
 *   goods G
 *   G lines:  KIND VALUE INITIAL   KIND p (primary, VALUE = endowment), i (intermediate), f (fixed, VALUE = price)
 *   firms F
 *   F lines:  SHAPE OUTPUT K IN1 ... INK P PAR1 ... PARP   (goods by index, inputs in the expression's order)
 *             parameters: cd A a1..aK; ces A r s w1..wK; sqrt and log A w1..wK; rat A c w1..wK
 */
#define _POSIX_C_SOURCE 199309L
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- The rule's constants, with the Swift names they follow ------------------------------------------ */
#define FIRM_STEP            0.5    /* ProfitSeekingFirm.defaultStep                                        */
#define FIRM_NEGLIGIBLE      1e-18  /* ProfitSeekingFirm.negligibleShare                                    */
#define LARGEST_CURVATURE    50.0   /* ProfitSeekingFirm.largestCurvature                                   */
#define LARGEST_BOOST        64.0   /* ProfitSeekingFirm.largestBoost                                       */
#define BOOST_GROWTH         1.25   /* ProfitSeekingFirm.boostGrowth                                        */
#define BOOST_SHRINK         0.5    /* decideFromReceived: a flipped gap multiplies the boost by 0.5        */
#define CORNERING_CURVATURE  0.05   /* ProfitSeekingFirm.corneringCurvature                                 */
#define INITIAL_CURVATURE    0.5    /* ProfitSeekingFirm.initialCurvature                                   */
#define SECANT_LOG_STEP      1e-3   /* decideFromReceived: the curvature secant needs |ln step| above this  */
#define PRICE_GAIN           1.0    /* ClearingTatonnement.defaultGain                                      */
#define LARGEST_LOG_STEP     1.0    /* ClearingTatonnement.largestLogStep                                   */
#define PRICE_NEGLIGIBLE     1e-12  /* ClearingTatonnement.negligibleShare                                  */
#define FULL_STEP_GROWTH     1.5    /* ClearingTatonnement.stepGrowth                                       */
#define FULL_STEP_SHRINK     0.5    /* ClearingTatonnement.fullStep: 0.5 * abs(last) on a flip              */
#define PRICE_LOW            1e-100 /* Simulation.priceRange                                                */
#define PRICE_HIGH           1e100
#define LOG_STAGE_LOG1P      1      /* 1 if the tape evaluates log(1 + u) as log1p(u)                      */

/* Swift's min and max on Double: min(x, y) = y < x ? y : x, max(x, y) = y >= x ? y : x. */
static inline double smin(double x, double y) { return y < x ? y : x; }
static inline double smax(double x, double y) { return y >= x ? y : x; }

enum kind { PRIMARY, INTERMEDIATE, FIXED };
enum shape { CD, CES, SQRT, LOG, RAT };

typedef struct {
    double *price, *demand, *supply, *fill;             /* per good */
    double *plan, *marginal, *largest, *curvature, *boost; /* per input slot */
    double *output;                                     /* per firm */
} frame_t;

typedef struct {
    int G, F, S, L;
    unsigned char *kind; double *endowment, *initial;
    unsigned char *shape; int *out, *in_start, *in_good, *par_start; double *par;
    int *level_firm_start, *level_good_start, *level_goods, *good_level;
    int *producer_start, *producers;
    int *priced; int priced_count;
    frame_t cur, next;
    double *last_log_demand, *largest_price, *full_step; /* ClearingTatonnement's memory */
    double *x;                                          /* scratch: one firm's received bundle */
} sim_t;

static void fail(const char *message, const char *detail) {
    fprintf(stderr, "c_reference: %s%s%s\n", message, detail ? ": " : "", detail ? detail : "");
    exit(1);
}

static void *zeros(size_t n, size_t size) {
    void *p = calloc(n ? n : 1, size);
    if (!p) fail("out of memory", NULL);
    return p;
}

/* ---- Loading ---------------------------------------------------------------------------------------- */

static FILE *input;
static char word[64];

static const char *next_word(void) {
    if (fscanf(input, "%63s", word) != 1) fail("unexpected end of dump", NULL);
    return word;
}
static long next_int(void) { char *end; long v = strtol(next_word(), &end, 10); if (*end) fail("expected an integer", word); return v; }
static double next_double(void) { char *end; double v = strtod(next_word(), &end); if (*end) fail("expected a number", word); return v; }

static int shape_of(const char *name) {
    const char *names[] = {"cd", "ces", "sqrt", "log", "rat"};
    for (int i = 0; i < 5; i++) if (!strcmp(name, names[i])) return i;
    fail("unknown technology", name);
    return 0;
}

static void frame_alloc(frame_t *f, int G, int S, int F) {
    f->price = zeros(G, 8); f->demand = zeros(G, 8); f->supply = zeros(G, 8); f->fill = zeros(G, 8);
    f->plan = zeros(S, 8); f->marginal = zeros(S, 8); f->largest = zeros(S, 8);
    f->curvature = zeros(S, 8); f->boost = zeros(S, 8); f->output = zeros(F, 8);
}

/* Reads the dump and lays the network out as Economy does: firms sorted by their output's level (stable),
 * goods by (level, index); producers and users of each good in increasing firm and slot order. */
static void load(sim_t *m, const char *path) {
    input = fopen(path, "r");
    if (!input) fail("cannot open", path);
    if (strcmp(next_word(), "priceprop-dump") || next_int() != 1) fail("not a version 1 dump", path);
    if (strcmp(next_word(), "goods")) fail("expected 'goods'", path);
    int G = m->G = (int)next_int();
    m->kind = zeros(G, 1); m->endowment = zeros(G, 8); m->initial = zeros(G, 8);
    for (int g = 0; g < G; g++) {
        const char *k = next_word();
        m->kind[g] = k[0] == 'p' ? PRIMARY : k[0] == 'f' ? FIXED : INTERMEDIATE;
        double value = next_double();
        m->initial[g] = next_double();
        if (m->kind[g] == PRIMARY) m->endowment[g] = value;
        if (m->kind[g] == FIXED) m->initial[g] = value;
    }
    if (strcmp(next_word(), "firms")) fail("expected 'firms'", path);
    int F = (int)next_int();
    unsigned char *shape = zeros(F, 1); int *out = zeros(F, 4), *count = zeros(F, 4), *pcount = zeros(F, 4);
    int cap = 1024, pcap = 1024, S = 0, P = 0;
    int *goods = malloc(cap * sizeof(int)); double *pars = malloc(pcap * sizeof(double));
    for (int f = 0; f < F; f++) {
        shape[f] = (unsigned char)shape_of(next_word());
        out[f] = (int)next_int();
        count[f] = (int)next_int();
        while (S + count[f] > cap) goods = realloc(goods, (cap *= 2) * sizeof(int));
        for (int i = 0; i < count[f]; i++) goods[S++] = (int)next_int();
        pcount[f] = (int)next_int();
        while (P + pcount[f] > pcap) pars = realloc(pars, (pcap *= 2) * sizeof(double));
        for (int i = 0; i < pcount[f]; i++) pars[P++] = next_double();
    }
    fclose(input);
    /* Levels: primary goods 0; a produced good one above its makers' highest input. */
    int *start = zeros(F + 1, 4), *pstart = zeros(F + 1, 4);
    for (int f = 0; f < F; f++) { start[f + 1] = start[f] + count[f]; pstart[f + 1] = pstart[f] + pcount[f]; }
    int *level = zeros(G, 4);
    for (int pass = 0, changed = 1; changed; pass++) {
        if (pass > G + 1) fail("the network has a cycle", path);
        changed = 0;
        for (int f = 0; f < F; f++)
            for (int k = start[f]; k < start[f + 1]; k++)
                if (level[out[f]] < level[goods[k]] + 1) { level[out[f]] = level[goods[k]] + 1; changed = 1; }
    }
    int L = 1;
    for (int g = 0; g < G; g++) if (level[g] + 1 > L) L = level[g] + 1;
    m->L = L; m->F = F; m->S = S;
    int *order = zeros(F, 4), n = 0;
    m->level_firm_start = zeros(L + 1, 4);
    for (int l = 0; l < L; l++) {
        m->level_firm_start[l] = n;
        for (int f = 0; f < F; f++) if (level[out[f]] == l) order[n++] = f;
    }
    m->level_firm_start[L] = n;
    m->shape = zeros(F, 1); m->out = zeros(F, 4); m->in_start = zeros(F + 1, 4); m->in_good = zeros(S, 4);
    m->par_start = zeros(F + 1, 4); m->par = zeros(P, 8);
    for (int j = 0, s = 0, p = 0; j < F; j++) {
        int f = order[j];
        m->shape[j] = shape[f]; m->out[j] = out[f];
        for (int k = start[f]; k < start[f + 1]; k++) m->in_good[s++] = goods[k];
        for (int q = pstart[f]; q < pstart[f + 1]; q++) m->par[p++] = pars[q];
        m->in_start[j + 1] = s; m->par_start[j + 1] = p;
    }
    m->level_good_start = zeros(L + 1, 4); m->level_goods = zeros(G, 4);
    for (int l = 0, i = 0; l < L; l++) {
        m->level_good_start[l] = i;
        for (int g = 0; g < G; g++) if (level[g] == l) m->level_goods[i++] = g;
        m->level_good_start[l + 1] = i;
    }
    m->producer_start = zeros(G + 1, 4); m->producers = zeros(F, 4);
    for (int f = 0; f < F; f++) m->producer_start[m->out[f] + 1]++;
    for (int g = 0; g < G; g++) m->producer_start[g + 1] += m->producer_start[g];
    int *fillp = zeros(G, 4);
    for (int f = 0; f < F; f++) m->producers[m->producer_start[m->out[f]] + fillp[m->out[f]]++] = f;
    m->priced = zeros(G, 4);
    for (int g = 0; g < G; g++) if (m->kind[g] != FIXED) m->priced[m->priced_count++] = g;
    int widest = 1;
    for (int f = 0; f < F; f++) if (count[f] > widest) widest = count[f];
    m->x = zeros(widest, 8);
    frame_alloc(&m->cur, G, S, F); frame_alloc(&m->next, G, S, F);
    m->last_log_demand = zeros(G, 8); m->largest_price = zeros(G, 8); m->full_step = zeros(G, 8);
    free(shape); free(out); free(count); free(pcount); free(goods); free(pars);
    m->good_level = level;
    free(start); free(pstart); free(order); free(fillp);
}

/* ---- Produce: one firm's value and marginal products ------------------------------------------------ */

/* Output of firm f at bundle x (its K inputs), its marginal products into dy. */
static double technology(int shape, int K, const double *x, const double *a, double *dy) {
    switch (shape) {
    case CD: {
        double s = 0;
        for (int i = 0; i < K; i++) s += a[1 + i] * log(x[i]);
        double y = exp(s) * a[0];
        for (int i = 0; i < K; i++) dy[i] = a[1 + i] * y / x[i];
        return y;
    }
    case CES: {
        double r = a[1], s = a[2], u = 0;
        for (int i = 0; i < K; i++) { dy[i] = pow(x[i], r); u += a[3 + i] * dy[i]; }
        double y = a[0] * pow(u, s / r), scale = s * y / u;
        for (int i = 0; i < K; i++) dy[i] = scale * a[3 + i] * dy[i] / x[i];
        return y;
    }
    default: {
        const double *w = shape == RAT ? a + 2 : a + 1;
        double u = 0;
        for (int i = 0; i < K; i++) { dy[i] = sqrt(x[i]); u += w[i] * dy[i]; }
        double y, dydu;
        if (shape == SQRT) {
            double root = sqrt(u);
            y = a[0] * root; dydu = a[0] * 0.5 / root;
        } else if (shape == LOG) {
            y = a[0] * (LOG_STAGE_LOG1P ? log1p(u) : log(1 + u)); dydu = a[0] / (1 + u);
        } else {
            double d = 1 + a[1] * u;
            y = a[0] * u / d; dydu = a[0] / (d * d);
        }
        for (int i = 0; i < K; i++) dy[i] = dydu * w[i] * 0.5 / dy[i];
        return y;
    }
    }
}

/* The firms of one level receive their orders, filled at each input's fill ratio, and produce. An input
 * received in quantity 0 may have a marginal product that is not finite: it is +inf (the firm takes it up
 * again). Any other value that is not finite is a fault. */
static void produce(sim_t *m, frame_t *t, int level) {
    for (int f = m->level_firm_start[level]; f < m->level_firm_start[level + 1]; f++) {
        int lo = m->in_start[f], K = m->in_start[f + 1] - lo;
        for (int i = 0; i < K; i++) m->x[i] = t->plan[lo + i] * t->fill[m->in_good[lo + i]];
        double y = technology(m->shape[f], K, m->x, m->par + m->par_start[f], t->marginal + lo);
        t->output[f] = y;
        int finite = isfinite(y);
        for (int i = 0; i < K; i++)
            if (!isfinite(t->marginal[lo + i])) {
                if (m->x[i] == 0) t->marginal[lo + i] = INFINITY; else finite = 0;
            }
        if (!finite) fail("a firm's output or marginal product is not finite", NULL);
    }
}

static inline double fill_ratio(double demand, double supply) {
    if (!(demand > supply)) return 1;
    return supply > 0 ? supply / demand : 0;
}

/* The goods of one level: supply and the fraction of each order filled. */
static void clear(sim_t *m, frame_t *t, int level) {
    for (int i = m->level_good_start[level]; i < m->level_good_start[level + 1]; i++) {
        int g = m->level_goods[i];
        if (m->kind[g] == PRIMARY) {
            t->supply[g] = m->endowment[g];
            t->fill[g] = fill_ratio(t->demand[g], m->endowment[g]);
            continue;
        }
        double total = 0;
        for (int k = m->producer_start[g]; k < m->producer_start[g + 1]; k++) total += t->output[m->producers[k]];
        t->supply[g] = total;
        t->fill[g] = m->kind[g] == FIXED ? 1 : fill_ratio(t->demand[g], total);
    }
}

/* ---- Decide (phase 1) and order (phase 2), one firm at a time ------------------------------------------ */

/* Every firm revises its orders from what it received (ProfitSeekingFirm.decideFromReceived); each good's
 * demand is summed in slot order. Reads `from`, and `to` as the tick before; writes `to`. */
static double decide(sim_t *m, const frame_t *from, frame_t *to) {
    const double proximal = 1 / FIRM_STEP;
    double largest = 0;
    for (int g = 0; g < m->G; g++) to->demand[g] = 0;
    for (int f = 0; f < m->F; f++) {
        double output_price = from->price[m->out[f]];
        for (int k = m->in_start[f]; k < m->in_start[f + 1]; k++) {
            int g = m->in_good[k];
            double price = from->price[g];
            double received = from->plan[k] * from->fill[g];
            double before = to->plan[k] * to->fill[g];
            double scale = smax(from->largest[k], received);
            to->largest[k] = scale;
            double marginal = from->marginal[k], marginal_before = to->marginal[k];
            double curvature = from->curvature[k];
            if (received > 0 && before > 0 && marginal > 0 && marginal_before > 0) {
                double log_step = log(received / before);
                if (fabs(log_step) > SECANT_LOG_STEP)
                    curvature = smin(LARGEST_CURVATURE, smax(0, -log(marginal / marginal_before) / log_step));
            }
            to->curvature[k] = curvature;
            double value = output_price * marginal, total = fabs(value) + price;
            double gap = isnan(value) ? -2 : value == INFINITY ? 2 : (total > 0 ? 2 * (value - price) / total : 0);
            double memory = from->boost[k];
            int same = (gap > 0 && memory > 0) || (gap < 0 && memory < 0);
            double boost = gap == 0 ? fabs(memory)
                : same ? smin(LARGEST_BOOST, fabs(memory) * BOOST_GROWTH) : smax(1, fabs(memory) * BOOST_SHRINK);
            to->boost[k] = gap < 0 ? -boost : boost;
            double log_change = smin(1, smax(-1, gap / (curvature + proximal / boost)));
            double floor = FIRM_NEGLIGIBLE * scale;
            double order = received * exp(log_change), size = fabs(log_change);
            if (log_change < 0 && order < floor) {
                order = curvature < CORNERING_CURVATURE ? 0 : floor;
                size = received > 0 && order == 0 ? 1 : (received > 0 ? fabs(log(order / received)) : 0);
            } else if (log_change > 0 && received < floor) {
                order = floor * exp(log_change);
                size = 1;
            }
            to->plan[k] = order;
            to->demand[g] += order;
            if (size > largest) largest = size;
        }
    }
    return largest;
}

/* ---- Price (phase 4): ClearingTatonnement ---------------------------------------------------------- */

static double full_step(sim_t *m, int g, int up) {
    double last = m->full_step[g];
    double size = last == 0 ? LARGEST_LOG_STEP
        : (last > 0) == up ? smin(LARGEST_LOG_STEP, FULL_STEP_GROWTH * fabs(last)) : FULL_STEP_SHRINK * fabs(last);
    m->full_step[g] = up ? size : -size;
    return m->full_step[g];
}

static double adjust_prices(sim_t *m, frame_t *t) {
    double largest = 0;
    for (int i = 0; i < m->priced_count; i++) {
        int g = m->priced[i];
        double d = t->demand[g], s = t->supply[g], p = t->price[g];
        m->largest_price[g] = smax(m->largest_price[g], p);
        double floor = PRICE_NEGLIGIBLE * m->largest_price[g], next = p;
        if (p == 0) {
            m->last_log_demand[g] = NAN;
            if (d > s) next = floor * exp(LARGEST_LOG_STEP);
        } else if (d > 0 && s > 0) {
            double log_demand = log(d);
            double trend = isnan(m->last_log_demand[g]) ? 0 : log_demand - m->last_log_demand[g];
            m->last_log_demand[g] = log_demand;
            double raw = PRICE_GAIN * (log_demand - log(s) + trend);
            double step = fabs(raw) < LARGEST_LOG_STEP ? raw : full_step(m, g, raw > 0);
            next = p * exp(step);
        } else {
            m->last_log_demand[g] = NAN;
            if (d != s) next = p * exp(full_step(m, g, d > s));
        }
        if (next < floor && d == 0 && s > 0) next = 0;
        t->price[g] = next;
        double change = p > 0 ? fabs(next - p) / p : (next > 0 ? 1 : 0);
        largest = smax(largest, change);
    }
    return largest;
}

/* The convergence measure the engine computes each tick (Simulation.largestExcessDemand). */
static double largest_excess_demand(const sim_t *m, const frame_t *t) {
    double largest = 0;
    for (int i = 0; i < m->priced_count; i++) {
        int g = m->priced[i];
        double d = t->demand[g], s = t->supply[g], scale = smax(fabs(d), fabs(s));
        int free_good = t->price[g] == 0 && d <= s;
        if (scale > 0 && !free_good) largest = smax(largest, fabs(d - s) / scale);
    }
    return largest;
}

/* ---- Ticks ------------------------------------------------------------------------------------------- */

static void clear_frame(sim_t *m, frame_t *f) {
    int G = m->G, S = m->S, F = m->F;
    memset(f->price, 0, G * 8); memset(f->demand, 0, G * 8); memset(f->supply, 0, G * 8); memset(f->fill, 0, G * 8);
    memset(f->plan, 0, S * 8); memset(f->marginal, 0, S * 8); memset(f->largest, 0, S * 8);
    memset(f->curvature, 0, S * 8); memset(f->boost, 0, S * 8); memset(f->output, 0, F * 8);
}

/* Tick 0: each good's supply shared equally among the slots that use it, level by level; then one order
 * and one clearing. */
static void start(sim_t *m) {
    clear_frame(m, &m->cur); clear_frame(m, &m->next);
    frame_t *t = &m->cur;
    for (int g = 0; g < m->G; g++) { t->price[g] = m->initial[g]; t->fill[g] = 1; m->last_log_demand[g] = NAN; m->full_step[g] = 0; }
    for (int k = 0; k < m->S; k++) { t->curvature[k] = INITIAL_CURVATURE; t->boost[k] = 1; }
    int *users = zeros(m->G, 4);
    for (int k = 0; k < m->S; k++) users[m->in_good[k]]++;
    double *share = zeros(m->G, 8);
    for (int l = 0; l < m->L; l++) {
        produce(m, t, l);
        for (int i = m->level_good_start[l]; i < m->level_good_start[l + 1]; i++) t->demand[m->level_goods[i]] = 0;
        clear(m, t, l);
        for (int i = m->level_good_start[l]; i < m->level_good_start[l + 1]; i++) {
            int g = m->level_goods[i];
            share[g] = t->supply[g] > 0 && users[g] > 0 ? t->supply[g] / users[g] : 1;
        }
        for (int k = 0; k < m->S; k++)
            if (m->good_level[m->in_good[k]] == l) t->plan[k] = share[m->in_good[k]];
    }
    for (int g = 0; g < m->G; g++) t->demand[g] = 0;
    for (int k = 0; k < m->S; k++) t->demand[m->in_good[k]] += t->plan[k];
    for (int l = 0; l < m->L; l++) { produce(m, t, l); clear(m, t, l); }
    for (int g = 0; g < m->G; g++) m->largest_price[g] = t->price[g];
    free(users); free(share);
}

static double excess_seen; /* kept so the compiler cannot drop the convergence measure */

static void tick(sim_t *m) {
    frame_t *from = &m->cur, *to = &m->next;
    double plan_change = decide(m, from, to);
    for (int l = 0; l < m->L; l++) { produce(m, to, l); clear(m, to, l); }
    memcpy(to->price, from->price, m->G * 8);
    double excess = largest_excess_demand(m, to);
    double price_change = adjust_prices(m, to);
    for (int i = 0; i < m->priced_count; i++) {
        double p = to->price[m->priced[i]];
        if (p != 0 && !(p >= PRICE_LOW && p <= PRICE_HIGH)) fail("a price left the range 1e-100...1e100", NULL);
    }
    excess_seen += excess + plan_change + price_change;
    frame_t swap = m->cur; m->cur = m->next; m->next = swap;
}

/* ---- Main ------------------------------------------------------------------------------------------- */

static double clock_seconds(clockid_t clock) {
    struct timespec t;
    clock_gettime(clock, &t);
    return t.tv_sec + 1e-9 * t.tv_nsec;
}
static double now(void) { return clock_seconds(CLOCK_MONOTONIC); }
static double cpu_now(void) { return clock_seconds(CLOCK_PROCESS_CPUTIME_ID); }

static int by_value(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv) {
    const char *path = NULL;
    long ticks = 200, repeat = 1;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--ticks") && i + 1 < argc) ticks = strtol(argv[++i], NULL, 10);
        else if (!strcmp(argv[i], "--repeat") && i + 1 < argc) repeat = strtol(argv[++i], NULL, 10);
        else if (argv[i][0] != '-' && !path) path = argv[i];
        else { fprintf(stderr, "usage: c_reference DUMP [--ticks N] [--repeat R]\n"); return 2; }
    }
    if (!path || ticks < 0 || repeat < 1) { fprintf(stderr, "usage: c_reference DUMP [--ticks N] [--repeat R]\n"); return 2; }
    static sim_t m;
    double t0 = now();
    load(&m, path);
    double t1 = now();
    double *times = zeros(repeat, 8), *cpu = zeros(repeat, 8);
    for (long r = 0; r < repeat; r++) {
        start(&m);
        double a = now(), c = cpu_now();
        for (long t = 0; t < ticks; t++) tick(&m);
        times[r] = now() - a;
        cpu[r] = cpu_now() - c;
    }
    qsort(times, repeat, 8, by_value);
    qsort(cpu, repeat, 8, by_value);
    double median = repeat % 2 ? times[repeat / 2] : 0.5 * (times[repeat / 2 - 1] + times[repeat / 2]);
    double cpu_median = repeat % 2 ? cpu[repeat / 2] : 0.5 * (cpu[repeat / 2 - 1] + cpu[repeat / 2]);
    double price = 0, supply = 0, demand = 0, value = 0;
    for (int g = 0; g < m.G; g++) {
        price += m.cur.price[g]; supply += m.cur.supply[g]; demand += m.cur.demand[g];
        if (m.kind[g] == FIXED) value += m.cur.price[g] * (m.cur.supply[g] - m.cur.demand[g]);
    }
    printf("firms %d, goods %d, slots %d, ticks %ld\n", m.F, m.G, m.S, ticks);
    printf("load %.2f s, ticks %.4f s (median of %ld), cpu %.4f s\n", t1 - t0, median, repeat, cpu_median);
    if (ticks > 0 && median > 0) printf("firm-ticks/s %.4g\n", m.F * (double)ticks / median);
    printf("checksums price %.12g, supply %.12g, demand %.12g, V %.12g\n", price, supply, demand, value);
    if (!isfinite(excess_seen)) printf("(convergence measure not finite)\n");
    return 0;
}
