package io.llmcost.scaling;

/**
 * IsoFLOP curves: for each budget, the loss of every model size on a shared log grid when the budget is spent as
 * D = C/(6N), and the law's own allocation on that budget. Plain arrays so a plot can take them as they are.
 *
 * @param budgetsFlops  budgets C_j, ascending
 * @param params        model sizes N_i, ascending, shared by every budget
 * @param losses        losses[j][i] = L(N_i, C_j / (6 N_i))
 * @param optimalParams the law's N_opt(C_j)
 * @param optimalTokens the law's D_opt(C_j)
 * @param optimalLosses L at (N_opt, D_opt)
 */
public record IsoFlop(double[] budgetsFlops, double[] params, double[][] losses, double[] optimalParams,
                      double[] optimalTokens, double[] optimalLosses) {

    /** Budgets around the requested one: C x {0.1, 0.3, 1, 3, 10}, two decades around the request. */
    public static final double[] BUDGET_MULTIPLIERS = {0.1, 0.3, 1, 3, 10};
    /** Grid density: four model sizes per decade, at powers 10^(k/4). */
    public static final int POINTS_PER_DECADE = 4;
    /** The grid reaches this factor below the smallest and above the largest optimum. */
    public static final double GRID_MARGIN = 10;

    /** Requires a law with a loss ({@code !Double.isNaN(law.loss(...))}). */
    public static IsoFlop around(ComputeOptimalLaw law, double flops) {
        int budgets = BUDGET_MULTIPLIERS.length;
        double[] c = new double[budgets];
        double[] nOpt = new double[budgets];
        double[] dOpt = new double[budgets];
        double[] lOpt = new double[budgets];
        for (int j = 0; j < budgets; j++) {
            c[j] = flops * BUDGET_MULTIPLIERS[j];
            nOpt[j] = law.optimalParams(c[j]);
            dOpt[j] = law.optimalTokens(c[j]);
            lOpt[j] = law.loss(nOpt[j], dOpt[j]);
        }
        double minN = Math.min(nOpt[0], nOpt[budgets - 1]) / GRID_MARGIN;
        double maxN = Math.max(nOpt[0], nOpt[budgets - 1]) * GRID_MARGIN;
        int first = (int) Math.floor(Math.log10(minN) * POINTS_PER_DECADE);
        int last = (int) Math.ceil(Math.log10(maxN) * POINTS_PER_DECADE);
        double[] n = new double[last - first + 1];
        for (int i = 0; i < n.length; i++) {
            n[i] = Math.pow(10, (double) (first + i) / POINTS_PER_DECADE);
        }
        double[][] l = new double[budgets][n.length];
        for (int j = 0; j < budgets; j++) {
            for (int i = 0; i < n.length; i++) {
                l[j][i] = law.loss(n[i], c[j] / (6 * n[i]));
            }
        }
        return new IsoFlop(c, n, l, nOpt, dOpt, lOpt);
    }

    /** Index of the grid size nearest (in log) to the optimum of budget j, for marking it in a table. */
    public int nearestGridIndex(int j) {
        int best = 0;
        for (int i = 1; i < params.length; i++) {
            if (Math.abs(Math.log(params[i] / optimalParams[j])) < Math.abs(Math.log(params[best] / optimalParams[j]))) {
                best = i;
            }
        }
        return best;
    }
}
