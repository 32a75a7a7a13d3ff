/** A client's postal address, stored as one jsonb value. */
export interface PostalAddress {
  street: string;
  postalCode: string;
  city: string;
  country: string;
}
