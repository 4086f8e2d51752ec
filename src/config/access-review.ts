import { z } from 'zod';

/**
 * Who reviews what in an access review campaign (CIP-004-7 R4.3; `demarc review create`). The rules are
 * tried in order for each person and entitlement; the first that names an eligible reviewer wins. A
 * reviewer is never the person reviewed nor a holder of the entitlement under review (the `self-review`
 * rule would report either), so such a candidate is passed over for the next rule.
 */
export const ReviewerRule = z.union([
  z
    .object({
      rosterColumn: z
        .string()
        .min(1)
        .describe("A roster column naming the person's reviewer (e.g. manager) by roster id, employee id, email or UPN."),
    })
    .strict(),
  z
    .object({ groupOwner: z.literal(true).describe('The owner of the group under review (Entra owners, AD managedBy), as a person.') })
    .strict(),
  z
    .object({
      population: z.string().optional().describe('Only persons of this population (under populations); every person without it.'),
      reviewers: z
        .array(z.string().min(1))
        .min(1)
        .describe('Reviewers (roster id, employee id, email or UPN), the first eligible one taken.'),
    })
    .strict(),
]);
export type ReviewerRule = z.infer<typeof ReviewerRule>;

export const AccessReviewConfig = z
  .object({
    entitlements: z
      .string()
      .default('cip-access')
      .describe('Entitlement set (under entitlementSets) whose holdings are reviewed, as the nerc-cip pack scopes its rules.'),
    reviewers: z.array(ReviewerRule).min(1).describe('Where each reviewer comes from, tried in order.'),
  })
  .strict();
export type AccessReviewConfig = z.infer<typeof AccessReviewConfig>;
