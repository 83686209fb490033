# Reference numbers for tests/test_meta_metafor_extended.py, from R's metafor.
#   cd tests/reference/metafor && Rscript make_reference.R     (writes extended/*.json)
# Made with R 4.2.2, metafor 3.8-1, lme4 1.1-31 (Debian r-cran-metafor). Every fit uses
# control = list(threshold = 1e-12, maxiter = 5000), as the older files beside this one.
# A fit metafor cannot make is stored as {"error": "<metafor's message>"}.
# rma.glmm: lme4 stops its optimiser early by default (bobyqa, then Nelder-Mead with FtolAbs 1e-5)
# and takes standard errors from a finite-difference Hessian with step 1e-4 (lme4's deriv12),
# which loses ~1e-4 of the SE to rounding at a million patients per study. So every rma.glmm fit
# here runs bobyqa to rhoend = 1e-12 (GLMER_CTRL, metafor's own control = list(glmerCtrl = ...)),
# and its vcov is the inverse Hessian of lme4's own deviance function at metafor's optimum by
# numDeriv (Richardson-extrapolated, step 0.1, checked against step 0.05 to 1e-5), with the
# conditional modes found to tolPwrss = 1e-12 where PIRLS gets there (lme4's default 1e-7 leaves
# ~1e-5 of noise). se, the Wald interval and p, and QM follow from that vcov by metafor's
# formulas; `se_lme4` keeps metafor's own SE.
suppressPackageStartupMessages({library(metafor); library(jsonlite); library(lme4)})
pdf(NULL)  # baujat() draws
CTRL <- list(threshold = 1e-12, maxiter = 5000)
GLMER_CTRL <- list(optimizer = "bobyqa", optCtrl = list(rhoend = 1e-12, maxfun = 1e5))
MEASURES <- c("PLO", "PAS", "PFT", "PR")
METHODS <- c("DL", "REML", "ML", "PM", "HS", "SJ", "HE", "EB")
TESTS <- c("z", "knha")
out_dir <- "extended"
dir.create(out_dir, showWarnings = FALSE)

attempt <- function(expr) tryCatch(expr, error = function(e) list(error = conditionMessage(e)))
num <- function(x) { x <- as.numeric(x); x[!is.finite(x)] <- NA; x }

pinned <- function(name) {  # the data of an older pinned file
  d <- fromJSON(file.path(name))$data
  data.frame(study = d$study, xi = d$xi, ni = d$ni, group = d$group, stringsAsFactors = FALSE)
}

datasets <- list()
datasets$seeds_cr <- pinned("seeds_cr.json")
datasets$pritz1997 <- pinned("pritz1997.json")
datasets$debruin2009 <- pinned("debruin2009.json")
set.seed(14)
k <- 16; g <- rep(c("a", "b", "c"), length.out = k); ni <- sample(20:200, k)
pi <- plogis(c(a = -0.8, b = 0, c = 0.7)[g] + rnorm(k, 0, 0.5))
datasets$random16 <- data.frame(study = sprintf("R%02d", 1:k), xi = rbinom(k, ni, pi), ni = ni, group = g)
k <- 9; g <- rep(c("x", "y"), c(4, 5)); ni <- sample(15:90, k)
pi <- plogis(c(x = -1.5, y = -0.3)[g] + rnorm(k, 0, 0.9))
datasets$random9 <- data.frame(study = sprintf("S%d", 1:k), xi = rbinom(k, ni, pi), ni = ni, group = g)
datasets$edge_groups <- data.frame(
  study = c("single", "zero1", "zero2", "zero3", "hom1", "hom2", "hom3", "use1", "use2", "use3"),
  xi = c(7, 0, 0, 0, 10, 20, 30, 12, 25, 9), ni = c(30, 15, 22, 9, 50, 100, 150, 40, 60, 45),
  group = c("one", "zero", "zero", "zero", "homogeneous", "homogeneous", "homogeneous", "usual", "usual", "usual"))
datasets$homogeneous_hksj <- data.frame(
  study = c("h1", "h2", "h3", "solo"), xi = c(10, 20, 30, 17), ni = c(50, 100, 150, 40),
  group = c("homogeneous", "homogeneous", "homogeneous", "one"))
datasets$large_n <- data.frame(study = paste0("L", 1:5), xi = c(300000, 350000, 420000, 380000, 310000),
                               ni = rep(1e6, 5), group = c("p", "p", "q", "q", "q"))
datasets$rare <- data.frame(study = paste0("E", 1:8), xi = c(0, 1, 0, 2, 3, 1, 0, 4),
                            ni = c(120, 250, 300, 410, 600, 180, 220, 500),
                            group = c("s", "s", "s", "s", "t", "t", "t", "t"))
for (name in names(datasets)) {
  d <- datasets[[name]]
  d$year <- 2000 + ((seq_len(nrow(d)) * 7) %% nrow(d))  # a fixed, shuffled order for cumul
  datasets[[name]] <- d
}

effects <- function(d, measure) escalc(measure, xi = xi, ni = ni, data = d)
dummies <- function(group, groups) model.matrix(~ factor(group, levels = groups))[, -1, drop = FALSE]
fit_rma <- function(es, method, test, mods = NULL, subset = NULL) {
  if (!is.null(subset)) es <- es[subset, ]
  # do.call: metafor looks `mods` up by name in the caller's frame otherwise
  args <- list(yi = es$yi, vi = es$vi, method = method, test = test, control = CTRL)
  if (!is.null(mods)) args$mods <- mods  # a NULL `mods` is an error when passed by name
  res <- tryCatch(do.call(rma, args), error = function(e) e)
  if (inherits(res, "error") && method == "REML") {  # metafor's remedy when Fisher scoring oscillates
    args$control <- c(CTRL, list(stepadj = 0.5))
    res <- tryCatch(do.call(rma, args), error = function(e) e)
  }
  if (inherits(res, "error")) stop(conditionMessage(res))
  res
}
back <- function(measure, x, ni) switch(measure, PLO = transf.ilogit(x), PAS = transf.iarcsin(x),
  PFT = transf.ipft.hm(x, targs = list(ni = ni)), PR = x)
overall <- function(r, measure, ni) {
  p <- predict(r)
  k <- r$k; s <- sqrt(r$se^2 + r$tau2)
  t_half <- if (k >= 3) qt(1 - r$level / 2, k - 2) * s else NA  # metafor stores level as alpha
  list(estimate = num(r$b), se = r$se, ci_low = r$ci.lb, ci_high = r$ci.ub, pval = r$pval,
       tau2 = r$tau2, I2 = r$I2, H2 = r$H2, Q = r$QE, Q_p = r$QEp,
       pi_low = p$pi.lb, pi_high = p$pi.ub,
       pi_t_low = num(r$b) - t_half, pi_t_high = num(r$b) + t_half,
       proportion = back(measure, num(r$b), ni),
       proportion_ci = back(measure, c(r$ci.lb, r$ci.ub), ni),
       proportion_pi = back(measure, c(p$pi.lb, p$pi.ub), ni))
}
glmm_vcov <- function(sub, X, b, tau, tol_pwrss, d) {
  # vcov of the fixed effects as lme4's vcov.merMod (2 * inverse Hessian of the deviance in
  # (theta, beta), the beta block), by numDeriv's Richardson extrapolation from step d
  y <- cbind(sub$xi, sub$ni - sub$xi); study <- factor(seq_len(nrow(sub)))
  dev <- glmer(y ~ -1 + X + (1 | study), family = binomial, nAGQ = 7,
               control = glmerControl(tolPwrss = tol_pwrss), devFunOnly = TRUE)
  if (tau == 0)  # on the boundary the deviance is even in theta: the beta block alone
    return(2 * solve(numDeriv::hessian(function(beta) dev(c(0, beta)), b, method.args = list(d = d, r = 4))))
  2 * solve(numDeriv::hessian(dev, c(tau, b), method.args = list(d = d, r = 4)))[-1, -1, drop = FALSE]
}
stable <- function(sub, X, b, tau, wald) {
  # lme4 finds the conditional modes to tolPwrss = 1e-7 by default, which leaves ~1e-5 of noise
  # in such a Hessian; the tightest tolerance PIRLS reaches is used, and the reported numbers must
  # agree from steps 0.1 and 0.05 to 1e-5
  for (tol_pwrss in c(1e-12, 1e-10, 1e-8, 1e-7)) {
    out <- tryCatch({
      one <- wald(glmm_vcov(sub, X, b, tau, tol_pwrss, 0.1))
      two <- wald(glmm_vcov(sub, X, b, tau, tol_pwrss, 0.05))
      if (all(abs(unlist(two) / unlist(one) - 1) < 1e-5, na.rm = TRUE)) one else NULL
    }, error = function(e) NULL)
    if (!is.null(out)) return(out)
  }
  stop("the GLMM Hessian of lme4's deviance is not stable")
}
cols <- function(x, keys) { o <- lapply(keys, function(key) num(x[[key]])); names(o) <- keys; o }
LOO_KEYS <- c("estimate", "se", "pval", "ci.lb", "ci.ub", "Q", "Qp", "tau2", "I2", "H2")

one_dataset <- function(d) {
  grouped <- length(unique(d$group)) >= 2 && all(d$group != "")
  res <- list(data = d, fits = list(), common = list(), confint = list())
  for (measure in MEASURES) {
    es <- effects(d, measure)
    res$fits[[measure]] <- list(); res$confint[[measure]] <- list()
    for (method in METHODS) {
      res$fits[[measure]][[method]] <- list()
      for (test in TESTS)
        res$fits[[measure]][[method]][[test]] <- attempt(overall(fit_rma(es, method, test), measure, d$ni))
      if (nrow(d) >= 2) res$confint[[measure]][[method]] <- attempt({
        ci <- confint(fit_rma(es, method, "z"))$random
        list(tau2 = unname(ci[1, ]), I2 = unname(ci[3, ]), H2 = unname(ci[4, ]))})
    }
    res$common[[measure]] <- attempt({
      r <- rma(es$yi, es$vi, method = "EE")
      list(estimate = num(r$b), se = r$se, ci_low = r$ci.lb, ci_high = r$ci.ub, pval = r$pval,
           Q = r$QE, Q_p = r$QEp, proportion = back(measure, num(r$b), d$ni))})
  }
  es <- effects(d, "PLO")
  if (nrow(d) >= 3) {
    res$leave1out <- list(); res$influence <- list(); res$regtest <- list(); res$cumul <- list()
    res$baujat <- list()
    for (method in METHODS) {
      res$leave1out[[method]] <- list(); res$regtest[[method]] <- list(); res$cumul[[method]] <- list()
      res$baujat[[method]] <- list()
      for (test in TESTS) {
        r <- attempt(fit_rma(es, method, test))
        res$leave1out[[method]][[test]] <- attempt(cols(leave1out(r), LOO_KEYS))
        res$baujat[[method]][[test]] <- attempt(cols(baujat(r), c("x", "y")))
        res$regtest[[method]][[test]] <- attempt({
          t <- regtest(r)
          list(zval = t$zval, pval = t$pval, est = num(t$est), ci_low = num(t$ci.lb), ci_high = num(t$ci.ub))})
        res$cumul[[method]][[test]] <- attempt(cols(do.call(cumul, list(r, order = d$year)), LOO_KEYS))
      }
      res$influence[[method]] <- attempt({
        inf <- influence(fit_rma(es, method, "z"))
        c(cols(inf$inf, c("rstudent", "dffits", "cook.d", "cov.r", "tau2.del", "QE.del", "hat", "weight")),
          list(dfbs = num(inf$dfbs[[1]]), flagged = d$study[inf$is.infl %in% TRUE]))})
    }
  }
  if (grouped) {
    groups <- unique(d$group)
    res$moderator <- list(); res$separate <- list()
    for (measure in MEASURES) {
      es <- effects(d, measure)
      res$moderator[[measure]] <- list(); res$separate[[measure]] <- list()
      for (method in METHODS) {
        res$moderator[[measure]][[method]] <- list(); res$separate[[measure]][[method]] <- list()
        for (test in TESTS) {
          res$moderator[[measure]][[method]][[test]] <- attempt({
            r <- fit_rma(es, method, test, mods = dummies(es$group, groups))
            list(QM = r$QM, QM_p = r$QMp, tau2 = r$tau2, QE = r$QE, QE_p = r$QEp,
                 b = num(r$b), se = num(r$se))})
          fits <- lapply(groups, function(g) attempt({
            r <- fit_rma(es, method, test, subset = es$group == g)
            list(k = r$k, estimate = num(r$b), se = r$se, ci_low = r$ci.lb, ci_high = r$ci.ub,
                 pval = r$pval, tau2 = r$tau2, proportion = back(measure, num(r$b), d$ni[d$group == g]))}))
          names(fits) <- groups
          sep <- list(groups = fits)
          if (test == "z") {
            est <- sapply(fits, function(f) if (is.null(f$error)) f$estimate else NA)
            se <- sapply(fits, function(f) if (is.null(f$error)) f$se else NA)
            ok <- is.finite(est) & is.finite(se) & se > 0
            if (sum(ok) >= 2) {
              between <- rma(est[ok], sei = se[ok], method = "EE")
              sep$Q_between <- between$QE; sep$Q_between_p <- between$QEp
            }
          }
          res$separate[[measure]][[method]][[test]] <- sep
        }
      }
    }
    es <- effects(d, "PLO")
    res$leave1out_groups <- list()
    for (g in groups) if (sum(d$group == g) >= 3)
      res$leave1out_groups[[g]] <- attempt(cols(leave1out(fit_rma(es, "REML", "z", subset = es$group == g)), LOO_KEYS))
  }
  glmm <- function(sub, mods = NULL) {
    args <- list(measure = "PLO", xi = sub$xi, ni = sub$ni, control = list(glmerCtrl = GLMER_CTRL))
    if (!is.null(mods)) args$mods <- mods
    r <- do.call(rma.glmm, args)
    b <- num(r$b); p <- length(b)
    X <- if (is.null(mods)) matrix(1, nrow(sub), 1) else cbind(1, mods)
    wald <- function(vb) {
      se <- sqrt(vb[1, 1])
      QM <- if (p > 1) { btt <- 2:p; as.vector(t(b[btt]) %*% solve(vb[btt, btt, drop = FALSE]) %*% b[btt]) } else NA
      list(se = se, QM = QM)
    }
    w <- stable(sub, X, b, sqrt(r$tau2), wald); crit <- qnorm(1 - r$level / 2)
    list(k = r$k, estimate = b[1], se = w$se, ci_low = b[1] - crit * w$se, ci_high = b[1] + crit * w$se,
         pval = 2 * pnorm(-abs(b[1] / w$se)), tau2 = r$tau2, I2 = r$I2, H2 = r$H2, QE = r$QE.LRT,
         QE_p = r$QEp.LRT, QM = w$QM, QM_p = if (p > 1) pchisq(w$QM, p - 1, lower.tail = FALSE) else NA,
         se_lme4 = num(r$se)[1])
  }
  res$glmm <- list(overall = attempt(glmm(d)))
  if (grouped) {
    groups <- unique(d$group)
    res$glmm$moderator <- attempt(glmm(d, mods = dummies(d$group, groups)))
    fits <- lapply(groups, function(g) if (sum(d$group == g) >= 2) attempt(glmm(d[d$group == g, ]))
                   else list(error = "one study: rma.glmm cannot fit a model to one study"))
    names(fits) <- groups
    res$glmm$groups <- fits
    est <- sapply(fits, function(f) if (is.null(f$error)) f$estimate else NA)
    se <- sapply(fits, function(f) if (is.null(f$error)) f$se else NA)
    ok <- is.finite(est) & is.finite(se)
    if (sum(ok) >= 2) {
      between <- rma(est[ok], sei = se[ok], method = "EE")
      res$glmm$Q_between <- between$QE; res$glmm$Q_between_p <- between$QEp
    }
  }
  res
}

for (name in names(datasets)) {
  res <- one_dataset(datasets[[name]])
  writeLines(toJSON(res, digits = NA, auto_unbox = TRUE, na = "null", null = "null", pretty = 1),
             file.path(out_dir, paste0(name, ".json")))
  cat("wrote", name, "\n")
}
