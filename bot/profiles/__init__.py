"""What a user tells the advisor, and how it is kept and forgotten.

``answers`` turns short free-text answers (goal, hours, budget, formats) into values;
``store`` keeps the profile per (hashed) sender and deletes everything on "forget me";
``masking`` hides e-mail addresses and phone numbers in text shown to HR.
"""
