"""Words of randomised-trial reports: what a table's columns and rows are, as data.

Each rule describes how trial reports lay out per-arm results in general, not one article.
"""
from __future__ import annotations

import re

# a table of the groups at entry, not of results ("Table 1. Baseline characteristics")
BASELINE_TABLE = re.compile(
    r"^\W*baseline\b|\bbaseline (?:characteristics|demographics|data|features|variables|values)\b|\bcharacteristics?\b|\bdemograph|\bat (?:trial |study )?entry\b|\bon admission\b"
    r"|\bcomparability\b|\bstudy population\b|\bpre-?(?:operative|treatment|randomi[sz]ation)\b|\bat randomi[sz]ation\b",
    re.IGNORECASE)

# a column that is not a group: statistics of the comparison, totals, the state before treatment
NOT_AN_ARM_COLUMN = re.compile(
    r"^\s*p\b|\bp[- ]?values?\b|\bdifference\b|\bratio\b|(?-i:\b(?:OR|RR|HR|IRR|RD|NNT|CI)\b)|\bconfidence\b"
    r"|\beffect\b|\btest\b|\bstatistic|\u03c7|\bX\^?2\b|\bchi\b|^\s*t\s*$|^\s*z\s*$"
    r"|^\s*(?:total|overall|all(?: patients| subjects| participants)?)\s*$"
    r"|\bbaseline\b|\bbefore\b|\bpre-?(?:test|treatment|operative)\b|\bchange\b|\bmean\b|\bmedian\b|(?-i:\b(?:SD|SE)\b)"
    r"|\brange\b|\bIQR\b|\bscore\b|\bscale\b", re.IGNORECASE)

# "n (%)", "No. (%)", "n/N (%)", "%", "n": the format of a column, not a group's name
FORMAT_WORDS = re.compile(
    r"\b(?:n|no\.?|number|count)\s*(?:/\s*N\s*)?\(\s*%\s*\)|\bn\s*/\s*N\b|\(\s*%\s*\)|^\s*%\s*$|^\s*(?:n|no\.?|N)\s*$"
    r"|\bnumber\s+of\s+(?:patients|subjects|participants)\b\s*(?:\(\s*%\s*\))?",
    re.IGNORECASE)
COUNT_COLUMN = re.compile(r"^\s*(?:n|no\.?|N|number)\s*$", re.IGNORECASE)
PERCENT_COLUMN = re.compile(r"^\s*\(?\s*%\s*\)?\s*$")
ENDS_PERCENT = re.compile(r"(?:^|\s)\(?\s*%\s*\)?\s*$")
ENDS_COUNT = re.compile(r"(?:^|\s)(?:n|no\.?|N|number)\s*$", re.IGNORECASE)
COUNT_CUE = re.compile(r"\b(?:n|no\.?|number)\b\s*(?:/\s*N\s*)?\(\s*%\s*\)|\bnumber of (?:patients|subjects|participants|women|men|children)\b"
                       r"|\bno\. of (?:patients|subjects|participants)\b|\bn\s*\(%\)", re.IGNORECASE)

# a row of the group sizes: "No. of patients", "Participants", "n", "Number randomised"
GROUP_SIZE_ROW = re.compile(
    r"^\s*(?:no\.?|number)\s*(?:of\s+)?(?:patients|subjects|participants|cases)\b|^\s*(?:patients|participants|subjects|n|N)\s*(?:\(n\))?\s*$"
    r"|^\s*(?:number\s+)?randomi[sz]ed\b|^\s*(?:no\.?\s*)?patients\s*\(%\)\s*$", re.IGNORECASE)

# a row that is not a share of patients with a clinical outcome: continuous measures, statistics of
# the analysis, heterogeneity, and who returned questionnaires or stayed in follow-up
NOT_AN_OUTCOME_ROW = re.compile(
    r"\bmean\b|\bmedian\b|(?-i:\bSD\b)|\bIQR\b|\brange\b|\bscores?\b|\bduration\b|\blength\b|\btime to\b"
    r"|[,(]\s*(?:days?|hours?|h|min(?:utes)?|months?|years?|kg|cm|mm|g|ml|mg|%)\s*\)?\s*$|\bage\b|\bweight\b|\bBMI\b|\bheight\b|\blevel\b|\bconcentration|\bvolume\b|\bcount\b"
    r"|\bp[- ]?values?\b|^\s*p\s*$|\bratio\b|(?-i:\b(?:OR|RR|HR|CI)\b)|\b95\s*%|\bI\s*\^?\s*[2\u00b2]|\u03c7|\bchi\b|\bheterogeneity\b"
    r"|\bfollow[- ]?up\b|\bquestionnaires?\b|\bresponse to (?:the )?survey\b|\blost\b|\bwithdr[ae]w|\benrolled\b|\brandomi[sz]ed\b"
    r"|\bcompleted\b|\banaly[sz]ed\b|\bparticipants\b|\bper\s+100\b|\bpatient[- ]years?\b|\brate per\b|\bincidence rate\b"
    r"|\bnumber of (?:visits|contacts|messages|postings|days|events|cycles)\b|\bdose\b|\bmg\b", re.IGNORECASE)

# a section heading whose rows are not shares of patients with an outcome
NOT_AN_OUTCOME_SECTION = re.compile(
    r"\bquestionnaires?\b|\bfollow[- ]?up\b|\bbaseline\b|\bcharacteristics?\b|\bdemograph", re.IGNORECASE)
# a section heading of continuous measures: its rows are read by their cells, not named after it
CONTINUOUS_SECTION = re.compile(r"\bmean\b|\bmedian\b|(?-i:\bSD\b)|\bIQR\b|\bscores?\b|\bscales?\b|\bcontinuous\b", re.IGNORECASE)

# a section heading in a table body that only sorts its rows
GENERIC_SECTION = re.compile(
    r"^\s*(?:primary|secondary|other|main|key)?\s*(?:end\s*points?|outcomes?|efficacy|safety|results?)\s*:?\s*$"
    r"|^\s*(?:number of (?:patients|subjects)|no\. of patients|n \(%\))\s*:?\s*$", re.IGNORECASE)

# words that name a trial arm when they stand for a row's label
ARM_WORDS = re.compile(
    r"\b(?:placebo|control|intervention|sham|usual care|standard(?: of)? care|treatment as usual|TAU|"
    r"experimental|comparator|arm|group)\b", re.IGNORECASE)

# a CAR-T product or arm: its rows carry an infusion
CAR_T_ARM = re.compile(r"\bCAR[- ]?T?\b|\b\w+-cel\b|\b\w+cabtagene\b|\bleucel\b", re.IGNORECASE)

# a column of a time, not of a group: "3 months follow-up", "Week 8", "6-Month N (%)", "Visit 7", "Day 1"
TIMEPOINT_COLUMN = re.compile(
    r"^\s*(?:\d+[- ]?(?:months?|weeks?|days?|years?|h|hours?)\b|(?:week|day|month|visit|year)\s*\d+\b|follow[- ]?up\b"
    r"|post-?(?:test|treatment|operative)\b|end of\b|final\b|at discharge\b|T\d\b)", re.IGNORECASE)
