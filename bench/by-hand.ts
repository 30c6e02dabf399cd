// Written by `npm run bench:by-hand` (bench/write-by-hand.ts) from the bundled rule sets: do not edit.
import type { JsonValue } from '@anquan/core';

/** The fact keys by slot, as the engine numbers them for this bundle. */
export const BY_HAND_SLOTS: readonly string[] = ["real_danger_hazards","refused_rectification_orders","refused_suspension_orders","unit","refused_corrections","max_major_hazard_penalties\u0000\"days\":180","max_major_hazard_penalties\u0000\"days\":365","still_unsafe_after_suspension","major_accidents_unsafe_conditions","general_accidents","accident_deaths","activity_count\u0000\"type\":\"study_plan\"","activity_count\u0000\"type\":\"supervision_ledger\"","grid_report_months_missing","activity_count\u0000\"type\":\"enforcement_plan\"","inspection_coverage_pct","unreinspected_findings","dispatch_meetings_missed","expert_checks_shortfall","major_hazards_overdue","major_hazards_unlisted","hazard_closure_pct","unpaid_report_rewards","safety_month_missing\u0000\"month\":6","training_halves_missed","key_tasks_late","duty_missed\u0000{\"due\":\"12-31\",\"type\":\"special_training\"}","duty_missed\u0000{\"due\":\"12-31\",\"type\":\"approval_notice\"}","duty_missed\u0000{\"due\":\"12-31\",\"type\":\"publicity\"}","duty_missed\u0000{\"due\":\"12-31\",\"type\":\"consultation_day\"}","major_hazards_open","coal_overcapacity","major_hazards_concealed","coal_violations","coal_output_during_suspension","accidents","concealed_accidents","under_suspension","penalties","verified_achievements\u0000\"category\":\"improved_conditions\"","verified_achievements\u0000\"category\":\"accident_prevention\"","verified_achievements\u0000\"category\":\"rescue\"","verified_achievements\u0000\"category\":\"major_hazard_eliminated\"","verified_achievements\u0000\"category\":\"violation_reported\"","verified_achievements\u0000\"level\":\"district\"","verified_achievements\u0000\"level\":\"city\"","verified_achievements\u0000\"level\":\"province\"","verified_achievements\u0000\"level\":\"national\"","larger_accidents","key_tasks_unfinished"];

/** Per rule set, each rule as one would write it, into `o`. */
export const BY_HAND: Record<string, (v: readonly JsonValue[], o: boolean[]) => boolean[]> = {
  "shandong-law-enforcement": (v, o) => {
    // suspend-real-danger
    o[0] = ((typeof v[0] === 'number' && v[0] >= 1));
    // suspend-refused-elimination
    o[1] = ((typeof v[1] === 'number' && v[1] >= 1));
    // cut-power-refused-suspension
    o[2] = ((typeof v[2] === 'number' && v[2] >= 1) && (typeof v[0] === 'number' && v[0] >= 1));
    // stop-explosives-refused-suspension
    o[3] = ((v[3] !== null && typeof v[3] === 'object' ? (v[3] as Record<string, JsonValue>)["usesExplosives"] : undefined) === true && (typeof v[2] === 'number' && v[2] >= 1) && (typeof v[0] === 'number' && v[0] >= 1));
    // daily-penalty-refused-correction
    o[4] = ((typeof v[4] === 'number' && v[4] >= 1));
    // closure-repeated-penalties
    o[5] = (((typeof v[5] === 'number' && v[5] >= 3) || (typeof v[6] === 'number' && v[6] >= 4)));
    // closure-still-unsafe
    o[6] = (v[7] === true);
    // closure-major-accident
    o[7] = ((typeof v[8] === 'number' && v[8] >= 1));
    // closure-refused-suspension
    o[8] = ((typeof v[2] === 'number' && v[2] >= 1));
    return o;
  },
  "yicheng-2021-assessment": (v, o) => {
    // deduct-general-accident
    o[0] = ((typeof v[9] === 'number' && v[9] >= 1));
    // deduct-accident-death
    o[1] = ((typeof v[10] === 'number' && v[10] >= 1));
    // deduct-no-study-plan
    o[2] = ((typeof v[11] === 'number' && v[11] < 1));
    // deduct-no-ledger
    o[3] = ((typeof v[12] === 'number' && v[12] < 1));
    // deduct-grid-report-missing
    o[4] = ((typeof v[13] === 'number' && v[13] >= 1));
    // deduct-no-enforcement-plan
    o[5] = ((typeof v[14] === 'number' && v[14] < 1));
    // deduct-plan-coverage-incomplete
    o[6] = ((typeof v[15] === 'number' && v[15] < 100));
    // deduct-plan-coverage-low
    o[7] = ((typeof v[15] === 'number' && v[15] < 80));
    // deduct-no-reinspection
    o[8] = ((typeof v[16] === 'number' && v[16] >= 1));
    // deduct-dispatch-missed
    o[9] = ((typeof v[17] === 'number' && v[17] >= 1));
    // deduct-expert-checks-short
    o[10] = ((typeof v[18] === 'number' && v[18] >= 1));
    // deduct-major-hazard-overdue
    o[11] = ((typeof v[19] === 'number' && v[19] >= 1));
    // deduct-major-hazard-unlisted
    o[12] = ((typeof v[20] === 'number' && v[20] >= 1));
    // deduct-hazard-closure-low
    o[13] = ((typeof v[21] === 'number' && v[21] < 90));
    // deduct-report-reward-unpaid
    o[14] = ((typeof v[22] === 'number' && v[22] >= 1));
    // deduct-no-safety-month
    o[15] = (v[23] === true);
    // deduct-training-missed
    o[16] = ((typeof v[24] === 'number' && v[24] >= 1));
    // deduct-key-task-late
    o[17] = ((typeof v[25] === 'number' && v[25] >= 1));
    // deduct-no-special-training
    o[18] = (v[26] === true);
    // deduct-no-approval-notice
    o[19] = ((v[3] !== null && typeof v[3] === 'object' ? (v[3] as Record<string, JsonValue>)["kind"] : undefined) === "department" && v[27] === true);
    // deduct-no-publicity
    o[20] = (v[28] === true);
    // deduct-no-consultation-day
    o[21] = (v[29] === true);
    return o;
  },
  "yicheng-2021-enforcement": (v, o) => {
    // list-major-hazard
    o[0] = (((typeof v[30] === 'number' && v[30] >= 1) || v[31] === true));
    // expose-concealed-major-hazard
    o[1] = ((typeof v[32] === 'number' && v[32] >= 1));
    // expose-overdue-major-hazard
    o[2] = ((typeof v[19] === 'number' && v[19] >= 1));
    // coal-investigate-as-accident
    o[3] = ((v[3] !== null && typeof v[3] === 'object' ? (v[3] as Record<string, JsonValue>)["industry"] : undefined) === "coal_mine" && ((Array.isArray(v[33]) && (v[33].includes("coal_pillar_mining") || v[33].includes("falsified_drawings") || v[33].includes("concealed_working_face") || v[33].includes("refused_suspension_order"))) || (typeof v[2] === 'number' && v[2] >= 1) || (typeof v[34] === 'number' && v[34] > 0)));
    return o;
  },
  "yicheng-2021-reward": (v, o) => {
    // exclude-accident
    o[0] = ((typeof v[35] === 'number' && v[35] >= 1));
    // exclude-concealed-accident
    o[1] = ((typeof v[36] === 'number' && v[36] >= 1));
    // exclude-major-hazard-concealed
    o[2] = ((typeof v[32] === 'number' && v[32] >= 1));
    // exclude-major-hazard-overdue
    o[3] = ((typeof v[19] === 'number' && v[19] >= 1));
    // exclude-under-suspension
    o[4] = (v[37] === true);
    // exclude-penalized
    o[5] = ((typeof v[38] === 'number' && v[38] >= 1));
    // qualify-improved-conditions
    o[6] = ((typeof v[39] === 'number' && v[39] >= 1));
    // qualify-accident-prevention
    o[7] = ((typeof v[40] === 'number' && v[40] >= 1));
    // qualify-rescue
    o[8] = ((typeof v[41] === 'number' && v[41] >= 1));
    // qualify-major-hazard-eliminated
    o[9] = ((typeof v[42] === 'number' && v[42] >= 1));
    // qualify-violation-reported
    o[10] = ((typeof v[43] === 'number' && v[43] >= 1));
    // merit-district
    o[11] = ((typeof v[44] === 'number' && v[44] >= 1));
    // merit-city
    o[12] = ((typeof v[45] === 'number' && v[45] >= 1));
    // merit-province
    o[13] = ((typeof v[46] === 'number' && v[46] >= 1));
    // merit-national
    o[14] = ((typeof v[47] === 'number' && v[47] >= 1));
    return o;
  },
  "yicheng-2021-veto": (v, o) => {
    // veto-larger-accident
    o[0] = ((typeof v[48] === 'number' && v[48] >= 1));
    // veto-concealed-accident
    o[1] = ((typeof v[36] === 'number' && v[36] >= 1));
    // veto-key-task-unfinished
    o[2] = ((typeof v[49] === 'number' && v[49] >= 1));
    return o;
  },
};
