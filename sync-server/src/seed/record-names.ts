// Fixed word lists for generated records: people's names, company names, job titles, places.
// Invented or very common words only; email addresses use the reserved example.* domains.

export const FIRST_NAMES = [
  'Aaliyah', 'Aaron', 'Abigail', 'Adam', 'Aisha', 'Alejandro', 'Amara', 'Amelia', 'Ana', 'Andrei', 'Anna', 'Arjun',
  'Beatriz', 'Ben', 'Bianca', 'Carlos', 'Charlotte', 'Chen', 'Chloe', 'Daniel', 'Diego', 'Elena', 'Elif', 'Emma',
  'Ethan', 'Fatima', 'Felix', 'Freya', 'Gabriel', 'Grace', 'Hannah', 'Hiroshi', 'Ines', 'Isaac', 'Ivan', 'Jack',
  'James', 'Jana', 'Javier', 'Jin', 'Julia', 'Kai', 'Karim', 'Katarzyna', 'Laura', 'Leo', 'Liam', 'Lucia', 'Mai',
  'Marco', 'Maria', 'Mateo', 'Maya', 'Mohammed', 'Nadia', 'Noah', 'Nora', 'Olivia', 'Omar', 'Oscar', 'Priya',
  'Rafael', 'Rosa', 'Ruth', 'Samuel', 'Sara', 'Sofia', 'Tariq', 'Thomas', 'Valentina', 'Wei', 'Yusuf', 'Zoë',
] as const

export const LAST_NAMES = [
  'Abbott', 'Adeyemi', 'Alvarez', 'Andersson', 'Baker', 'Banerjee', 'Becker', 'Bennett', 'Brennan', 'Castillo',
  'Chowdhury', 'Clarke', 'Costa', 'Dubois', 'Duarte', 'Edwards', 'Eriksen', 'Ferreira', 'Fischer', 'Fitzgerald',
  'García', 'Gonzalez', 'Gupta', 'Hansen', 'Hernández', 'Hughes', 'Ivanova', 'Jansen', 'Johnson', 'Kaur', 'Kim',
  'Kowalski', 'Larsen', 'Lee', 'Lindqvist', 'López', 'Martin', 'Meyer', 'Moreau', 'Müller', 'Murphy', 'Nakamura',
  'Nguyen', 'Novak', 'Okafor', 'Olsen', 'Patel', 'Pereira', 'Petrov', 'Quinn', 'Rossi', 'Santos', 'Schmidt', 'Silva',
  'Singh', 'Smith', 'Sørensen', 'Tanaka', 'Taylor', 'Thompson', 'Van Dijk', 'Walsh', 'Wang', 'Weber', 'Williams',
  'Wilson', 'Yamamoto', 'Young', 'Zhang', 'Zieliński',
] as const

export const COMPANY_STEMS = [
  'Northwind', 'Bluefin', 'Crescent', 'Ironbridge', 'Lumen', 'Harbor', 'Summit', 'Cedar', 'Falcon', 'Quarry', 'Meridian',
  'Oakridge', 'Pinnacle', 'Redwood', 'Silverline', 'Tidewater', 'Vantage', 'Willow', 'Keystone', 'Brightwater',
  'Copperfield', 'Evergreen', 'Granite', 'Horizon', 'Juniper', 'Kestrel', 'Larkspur', 'Mosaic', 'Nimbus', 'Orchard',
] as const

export const COMPANY_KINDS = [
  'Logistics', 'Health', 'Analytics', 'Foods', 'Energy', 'Robotics', 'Capital', 'Software', 'Retail', 'Pharma',
  'Engineering', 'Media', 'Labs', 'Manufacturing', 'Insurance', 'Consulting',
] as const

export const COMPANY_SUFFIXES = ['Ltd', 'GmbH', 'Inc.', 'BV', 'plc', 'AB', 'SAS', 'Group'] as const

export const INDUSTRIES = [
  'Logistics', 'Healthcare', 'Financial services', 'Food & beverage', 'Energy', 'Manufacturing', 'Retail', 'Software',
  'Pharmaceuticals', 'Insurance', 'Media', 'Consulting',
] as const

export const SENIORITIES = ['', '', 'Junior', 'Senior', 'Senior', 'Lead', 'Principal', 'Staff'] as const

export const JOB_TITLES = [
  'Backend Engineer', 'Frontend Engineer', 'Data Analyst', 'Data Engineer', 'Product Manager', 'Product Designer',
  'Account Executive', 'Customer Success Manager', 'Warehouse Supervisor', 'Forklift Operator', 'Supply Chain Planner',
  'Registered Nurse', 'Pharmacist', 'Financial Controller', 'Accountant', 'Payroll Specialist', 'HR Business Partner',
  'Recruiter', 'Marketing Manager', 'Content Writer', 'Site Reliability Engineer', 'QA Engineer', 'Mechanical Engineer',
  'Electrical Engineer', 'Project Manager', 'Operations Manager', 'Sales Director', 'Legal Counsel', 'Office Manager',
  'Chef de Partie',
] as const

export const CONTACT_TITLES = [
  'Hiring Manager', 'HR Director', 'Talent Acquisition Lead', 'Head of Engineering', 'Operations Director', 'CFO',
  'People Partner', 'Recruitment Coordinator', 'CTO', 'Plant Manager',
] as const

export const CITIES = [
  'London', 'Manchester', 'Dublin', 'Amsterdam', 'Rotterdam', 'Berlin', 'Munich', 'Hamburg', 'Paris', 'Lyon', 'Madrid',
  'Barcelona', 'Lisbon', 'Milan', 'Stockholm', 'Copenhagen', 'Oslo', 'Warsaw', 'Prague', 'Vienna', 'Zürich', 'Remote',
] as const

export const CANDIDATE_STATUSES = ['Active', 'Active', 'Active', 'Interviewing', 'Offer', 'Placed', 'Not looking'] as const
export const JOB_STATUSES = ['Open', 'Open', 'Open', 'On hold', 'Filled'] as const
