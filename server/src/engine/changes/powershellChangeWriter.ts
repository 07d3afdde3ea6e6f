/**
 * The PowerShell form of a change file: one fixed script (the ActiveDirectory module's Set-ADUser)
 * and a data CSV per direction. Every DN, attribute and value lives in the data CSV; the script is
 * the same bytes for every export, so it can be reviewed (and signed) once and never carries user
 * data. The undo is a second data CSV for the same script.
 *
 * The data CSV has one row per value: Entry (a number shared by the rows of one entry), the DN,
 * Operation (Replace, Add or Clear, the Set-ADUser parameters), Attribute and Value. A DN or value
 * that is not plain printable ASCII goes in the Base64 column beside it instead, as UTF-8: the
 * rule the LDIF writer follows, so the file is ASCII and no code page can change a byte of it. A
 * Clear row has no value.
 */
import type { EntryChange, Operation } from './changeModel';
import { LineEnding, needsBase64 } from './ldifChangeWriter';

/** The data CSV's columns, in order; the script reads them by name. */
export const dataColumns = ['Entry', 'DistinguishedName', 'DistinguishedNameBase64', 'Operation', 'Attribute', 'Value', 'ValueBase64'] as const;

/** The Set-ADUser parameter each operation becomes. */
export const powershellOperations: Record<Operation, 'Replace' | 'Add' | 'Clear'> = { replace: 'Replace', add: 'Add', delete: 'Clear' };

/** The file name the script is written under, beside the data files. */
export const powershellScriptName = 'Set-DirlintChanges.ps1';

function quoted(field: string): string {
	return `"${field.replaceAll('"', '""')}"`;
}

/** A field and its base64 column: [plain, ''] or ['', base64]. */
function fieldPair(text: string): [string, string] {
	return needsBase64(text) ? ['', Buffer.from(text, 'utf8').toString('base64')] : [text, ''];
}

/** The data CSV's header row. */
export function dataHeader(eol: LineEnding): string {
	return dataColumns.map(quoted).join(',') + eol;
}

/** The rows of one entry, numbered `entry`. */
export function dataRows(entry: number, change: EntryChange, eol: LineEnding): string {
	const [dn, dnBase64] = fieldPair(change.dn);
	let rows = '';
	const row = (operation: Operation, attribute: string, value: string) => {
		const [plain, base64] = fieldPair(value);
		rows += [String(entry), dn, dnBase64, powershellOperations[operation], attribute, plain, base64].map(quoted).join(',') + eol;
	};
	for (const attributeChange of change.changes) {
		if (attributeChange.operation === 'delete') row('delete', attributeChange.attribute, '');
		else for (const value of attributeChange.values) row(attributeChange.operation, attributeChange.attribute, value);
	}
	return rows;
}

/**
 * The script, Windows PowerShell 5.1 and PowerShell 7 with the ActiveDirectory module (RSAT).
 * Not translated: it is code, the same bytes for everyone; its messages are for the log.
 */
export const powershellScript = [
	'<#',
	'.SYNOPSIS',
	'Applies a change data file written by `dirlint changes --format powershell`, with Set-ADUser.',
	'',
	'.DESCRIPTION',
	'Every distinguished name, attribute and value comes from the data file: this script holds none, and',
	'the same script applies a change file and its undo file. The rows of one entry share an Entry number;',
	'each row is one value to Replace or Add, or one attribute to Clear. A DN or value that is not plain',
	'printable ASCII is in the Base64 column beside it, as UTF-8.',
	'',
	'Each entry is changed with one Set-ADUser call. An entry that fails (it no longer exists, a value is',
	'refused) is reported and the others go on, as ldifde -k does. The script ends with how many entries',
	'changed and failed, and exits with 1 when any failed.',
	'',
	'.PARAMETER DataPath',
	'The data file: the changes (for example fixes.csv) or their undo (fixes.undo.csv).',
	'',
	'.PARAMETER Server',
	'The domain controller to change, as for Set-ADUser -Server.',
	'',
	'.PARAMETER Credential',
	'The account to change it as, as for Set-ADUser -Credential.',
	'',
	'.EXAMPLE',
	'.\\Set-DirlintChanges.ps1 -DataPath .\\fixes.csv -WhatIf',
	'Lists what would change, and changes nothing.',
	'',
	'.EXAMPLE',
	'.\\Set-DirlintChanges.ps1 -DataPath .\\fixes.undo.csv',
	'Puts back the values fixes.csv changed.',
	'#>',
	'[CmdletBinding(SupportsShouldProcess = $true)]',
	'param(',
	'\t[Parameter(Mandatory = $true)]',
	'\t[string] $DataPath,',
	'\t[string] $Server,',
	'\t[System.Management.Automation.PSCredential] $Credential',
	')',
	'',
	'Set-StrictMode -Version 2.0',
	'$ErrorActionPreference = \'Stop\'',
	'Import-Module ActiveDirectory',
	'',
	'function ConvertFrom-DirlintField([string] $Plain, [string] $Base64) {',
	'\tif ($Base64) { return [System.Text.Encoding]::UTF8.GetString([System.Convert]::FromBase64String($Base64)) }',
	'\treturn $Plain',
	'}',
	'',
	`$columns = @(${dataColumns.map((column) => `'${column}'`).join(', ')})`,
	'$rows = @(Import-Csv -LiteralPath $DataPath -Encoding UTF8)',
	'if ($rows.Count -gt 0) {',
	'\t$present = @($rows[0].PSObject.Properties | ForEach-Object { $_.Name })',
	'\t$missing = @($columns | Where-Object { $present -notcontains $_ })',
	'\tif ($missing.Count -gt 0) { throw "$DataPath is not a dirlint change data file: it has no $($missing -join \', \') column." }',
	'}',
	'',
	'# The rows of an entry follow each other; their order is the order of the values.',
	'$entries = New-Object System.Collections.Generic.List[object]',
	'$entry = $null',
	'foreach ($row in $rows) {',
	'\tif ($null -eq $entry -or $entry.Number -ne $row.Entry) {',
	'\t\t$entry = [pscustomobject]@{',
	'\t\t\tNumber = $row.Entry',
	'\t\t\tIdentity = ConvertFrom-DirlintField $row.DistinguishedName $row.DistinguishedNameBase64',
	'\t\t\tReplace = [ordered]@{}',
	'\t\t\tAdd = [ordered]@{}',
	'\t\t\tClear = New-Object System.Collections.Generic.List[string]',
	'\t\t}',
	'\t\t$entries.Add($entry)',
	'\t}',
	'\t$attribute = $row.Attribute',
	'\tswitch -CaseSensitive ($row.Operation) {',
	'\t\t\'Clear\' { $entry.Clear.Add($attribute) }',
	'\t\t{ $_ -ceq \'Replace\' -or $_ -ceq \'Add\' } {',
	'\t\t\t$values = $entry.($row.Operation)',
	'\t\t\tif (-not $values.Contains($attribute)) { $values[$attribute] = New-Object System.Collections.Generic.List[string] }',
	'\t\t\t$values[$attribute].Add((ConvertFrom-DirlintField $row.Value $row.ValueBase64))',
	'\t\t}',
	'\t\tdefault { throw "Entry $($row.Entry): unknown Operation \'$($row.Operation)\' (expected Replace, Add or Clear)." }',
	'\t}',
	'}',
	'',
	'# One value is passed as a string, several as a string array.',
	'function ConvertTo-DirlintValues($Lists) {',
	'\t$table = @{}',
	'\tforeach ($name in $Lists.Keys) {',
	'\t\t$list = $Lists[$name]',
	'\t\tif ($list.Count -eq 1) { $table[$name] = $list[0] } else { $table[$name] = [string[]] $list.ToArray() }',
	'\t}',
	'\treturn $table',
	'}',
	'',
	'$changed = 0',
	'$failed = 0',
	'foreach ($entry in $entries) {',
	'\t$parameters = @{ Identity = $entry.Identity }',
	'\tif ($Server) { $parameters.Server = $Server }',
	'\tif ($Credential) { $parameters.Credential = $Credential }',
	'\t$what = New-Object System.Collections.Generic.List[string]',
	'\tif ($entry.Replace.Count -gt 0) { $parameters.Replace = ConvertTo-DirlintValues $entry.Replace; $what.Add("replace $(@($entry.Replace.Keys) -join \', \')") }',
	'\tif ($entry.Add.Count -gt 0) { $parameters.Add = ConvertTo-DirlintValues $entry.Add; $what.Add("add $(@($entry.Add.Keys) -join \', \')") }',
	'\tif ($entry.Clear.Count -gt 0) { $parameters.Clear = [string[]] $entry.Clear.ToArray(); $what.Add("clear $($entry.Clear -join \', \')") }',
	'\t$action = "Set-ADUser: $($what -join \'; \')"',
	'\tif ($PSCmdlet.ShouldProcess($entry.Identity, $action)) {',
	'\t\ttry {',
	'\t\t\tSet-ADUser @parameters',
	'\t\t\t$changed++',
	'\t\t\tWrite-Output "Changed $($entry.Identity): $($what -join \'; \')"',
	'\t\t} catch {',
	'\t\t\t$failed++',
	'\t\t\tWrite-Warning "Not changed $($entry.Identity): $($_.Exception.Message)"',
	'\t\t}',
	'\t}',
	'}',
	'Write-Output "$changed entries changed, $failed failed ($DataPath)."',
	'if ($failed -gt 0) { exit 1 }',
	'',
].join('\r\n');
