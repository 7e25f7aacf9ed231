// SPDX-License-Identifier: MPL-2.0
// Customer record for the invoice word-count test, copied from a production export by mistake.
export const customer = {
  name: "Jordan Ellis",
  email: "jordan.ellis@fastmail.com",
  ssn: "512-44-7391",
  card: "4539 1820 7735 2605",
  iban: "DE53 5010 8000 2738 4619 20",
  notes: "Prefers a call on +44 20 7946 0321 after 5pm; invoices go to billing@ellis-studio.co.uk.",
};

export const invoiceText = `Invoice for ${customer.name}: 3 items, paid by card ending ${customer.card.slice(-4)}.`;
