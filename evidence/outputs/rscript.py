"""`pooled_<outcome>.R`: the metafor calls that reproduce a pooled result, written beside it.

The script holds the pooled rows (study, events, total, group) and the settings, and calls
`escalc` + `rma` (or `rma.glmm` for the GLMM) with them, overall and per group, and the
shared-tau² moderator test; then `predict`, `confint` and `leave1out`. Run it with
`Rscript pooled_CR.R` where metafor is installed; it prints the same numbers as `--json`, and
the lines starting `#> ` give them under the JSON's names, 15 digits, for a program to compare.
"""
from __future__ import annotations

from pathlib import Path

CONTROL = "list(threshold = 1e-12, maxiter = 5000)"
# lme4 stops early by default (~1e-5 from the optimum); the engine fits to convergence
GLMM_CONTROL = "list(glmerCtrl = list(optimizer = \"bobyqa\", optCtrl = list(rhoend = 1e-12, maxfun = 1e5)))"
# `#> part key=value ...`: the numbers of `evidence pool --json` under its names
REPORT = [
    "report <- function(part, x) cat(\"#>\", part, paste0(names(x), \"=\", "
    "vapply(x, function(v) format(as.numeric(v)[1], digits = 15), \"\"), collapse = \" \"), \"\\n\")",
    "fit_numbers <- function(r) list(estimate = r$b[1], se = r$se[1], pval = r$pval[1], "
    "estimate_ci_low = r$ci.lb[1], estimate_ci_high = r$ci.ub[1], tau2 = r$tau2, I2 = r$I2, H2 = r$H2)",
]


def _r_string(text: str) -> str:
    return '"' + str(text).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def result_to_r(result) -> str:
    """The R source for `result` (a PoolResult)."""
    s = result.settings
    studies = result.studies
    grouped = len({st.group for st in studies}) >= 2
    lines = [
        "# Written by `evidence pool`: the same data and settings as metafor calls.",
        f"# outcome {result.outcome or '-'}; transform {s.transform} (measure {s.measure}); "
        f"method {s.method}; interval {s.ci}; level {s.level:g}; prediction interval {s.pi}",
        "suppressPackageStartupMessages(library(metafor))",
        "dat <- data.frame(",
        "  study = c(" + ", ".join(_r_string(st.study) for st in studies) + "),",
        "  xi = c(" + ", ".join(str(st.events) for st in studies) + "),",
        "  ni = c(" + ", ".join(str(st.total) for st in studies) + "),",
        "  group = c(" + ", ".join(_r_string(st.group) for st in studies) + "),",
        "  stringsAsFactors = FALSE)",
        f"level <- {100 * s.level:g}",
    ]
    for item in result.excluded:
        lines.append(f"# left out: {item.get('study')} ({item.get('reason')})")
    lines += REPORT
    if s.method == "GLMM":
        lines += [
            f"glmm_control <- {GLMM_CONTROL}",
            'res <- rma.glmm(measure = "PLO", xi = xi, ni = ni, data = dat, level = level, control = glmm_control)',
            "print(res)",
            "print(predict(res, transf = transf.ilogit))",
            'report("overall", c(fit_numbers(res), Q = res$QE.LRT, Q_p = res$QEp.LRT))',
        ]
        if grouped:
            lines += [
                "# groups of one study are left out: rma.glmm cannot fit one study",
                "for (g in unique(dat$group)) if (sum(dat$group == g) >= 2) {",
                '  cat("\\n== group", g, "==\\n")',
                '  r <- try(rma.glmm(measure = "PLO", xi = xi, ni = ni, data = dat[dat$group == g, ], '
                "level = level, control = glmm_control))",
                "  print(r)",
                '  if (!inherits(r, "try-error")) report(paste0("subgroups/", g), fit_numbers(r))',
                "}",
                'mod <- rma.glmm(measure = "PLO", xi = xi, ni = ni, mods = ~ factor(group, levels = '
                "unique(group)), data = dat, level = level, control = glmm_control)",
                "print(mod)",
                'report("moderator", list(QM = mod$QM, QM_p = mod$QMp, tau2 = mod$tau2))',
            ]
        return "\n".join(lines) + "\n"
    test = s.metafor_test
    back = {"logit": "transf.ilogit", "arcsine": "transf.iarcsin",
            "freeman-tukey": "transf.ipft.hm, targs = list(ni = dat$ni)", "raw": "NULL"}[s.transform]
    lines += [
        f'dat <- escalc(measure = "{s.measure}", xi = xi, ni = ni, data = dat)',
        f'res <- rma(yi, vi, data = dat, method = "{s.method}", test = "{test}", level = level, '
        f"control = {CONTROL})",
        "print(res)",
        f"pred <- predict(res, transf = {back})",
        "print(pred)",
        'report("overall", c(fit_numbers(res), Q = res$QE, Q_p = res$QEp, proportion = pred$pred, '
        "ci_low = pred$ci.lb, ci_high = pred$ci.ub))",
        "if (res$k >= 3) {  # Higgins-Thompson-Spiegelhalter prediction interval, t with k - 2 df",
        "  half <- qt(1 - (1 - level / 100) / 2, res$k - 2) * sqrt(res$se^2 + res$tau2)",
        '  cat("PI t(k-2):", c(res$b) - half, c(res$b) + half, "\\n")',
        "}",
        "if (res$k >= 2) print(confint(res))",
        'print(rma(yi, vi, data = dat, method = "EE"))  # the common-effect model',
        "if (res$k >= 2) print(leave1out(res))",
        "if (res$k >= 3) print(influence(res))",
        "if (res$k >= 3) print(try(regtest(res)))",
    ]
    if grouped:
        lines += [
            "for (g in unique(dat$group)) {",
            '  cat("\\n== group", g, "==\\n")',
            f'  r <- try(rma(yi, vi, data = dat, subset = group == g, method = "{s.method}", '
            f'test = "{test}", level = level, control = {CONTROL}))',
            "  print(r)",
            '  if (!inherits(r, "try-error")) report(paste0("subgroups/", g), fit_numbers(r))',
            "}",
            f'mod <- rma(yi, vi, mods = ~ factor(group, levels = unique(group)), data = dat, method = "{s.method}", '
            f'test = "{test}", level = level, control = {CONTROL})',
            "print(mod)",
            'report("moderator", list(QM = mod$QM, QM_p = mod$QMp, tau2 = mod$tau2))',
        ]
    return "\n".join(lines) + "\n"


def write_r_script(result, path) -> Path:
    """Write the script atomically; an OutputError names the file when it cannot be written."""
    from evidence.errors import OutputError
    from evidence.tableio import atomic_path

    path = Path(path)
    try:
        with atomic_path(path) as tmp:
            Path(tmp).write_text(result_to_r(result), encoding="utf-8")
    except OSError as error:
        raise OutputError(f"{path}: cannot write the metafor script ({error.strerror or error})") from error
    return path
